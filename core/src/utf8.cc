#include "utf8.h"

#include "chiplight/text.h"

namespace chiplight {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

template <bool kRefuseNul>
bool IsValidUtf8Of(std::string_view text) {
  constexpr uint64_t kLow = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // ASCII sixteen bytes at a time: most of a document (and, refusing NUL, none of them zero:
    // the classic has-a-zero-byte test).
    while (i + 16 <= n) {
      uint64_t words[2];
      std::memcpy(words, text.data() + i, sizeof words);
      uint64_t stop = words[0] | words[1];
      if (kRefuseNul) stop |= ((words[0] - kLow) & ~words[0]) | ((words[1] - kLow) & ~words[1]);
      if (stop & kHigh) break;
      i += 16;
    }
    if (i >= n) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (kRefuseNul && c == 0) return false;
      ++i;
      continue;
    }
    // Three-byte sequences (CJK) checked at once: most of Chinese text.
    if ((c >> 4) == 0xE && i + 3 <= n && IsContinuationByte(text[i + 1]) &&
        IsContinuationByte(text[i + 2])) {
      i += 3;
      continue;
    }
    const size_t length = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > n || c == 0xC0 || c == 0xC1 || c > 0xF4) return false;
    for (size_t k = 1; k < length; ++k) {
      if (!IsContinuationByte(text[i + k])) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

bool IsValidUtf8(std::string_view text, NulBytes nul) {
  return nul == NulBytes::kRefused ? IsValidUtf8Of<true>(text) : IsValidUtf8Of<false>(text);
}

char32_t DecodeUtf8(std::string_view text, size_t i, size_t* length, bool* valid) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  *valid = true;
  if (b0 < 0x80) {
    *length = 1;
    return b0;
  }
  size_t n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (n == 0 || b0 > 0xF4 || i + n > text.size()) {
    *length = 1;
    *valid = false;
    return b0;
  }
  char32_t cp = b0 & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) {
      *length = 1;
      *valid = false;
      return b0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *length = n;
  return cp;
}

std::string EncodeUtf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

}  // namespace chiplight
