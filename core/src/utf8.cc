#include "utf8.h"

#include "chiplight/text.h"

namespace chiplight {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The length of the well-formed sequence (RFC 3629, Table 3-7 of the Unicode standard) at
// text[i], whose lead byte c is not ASCII, or 0: no overlong form, no surrogate, nothing past
// U+10FFFF.
size_t SequenceLength(std::string_view text, size_t i, unsigned char c) {
  const size_t n = text.size();
  if (c < 0xC2 || c > 0xF4) return 0;
  if (c < 0xE0) return i + 2 <= n && IsContinuationByte(text[i + 1]) ? 2 : 0;
  const size_t length = c < 0xF0 ? 3 : 4;
  if (i + length > n) return 0;
  // The second byte's range narrows for the leads whose shortest or longest forms are refused.
  const auto b1 = static_cast<unsigned char>(text[i + 1]);
  const unsigned char low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  const unsigned char high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  if (b1 < low || b1 > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (!IsContinuationByte(text[i + k])) return 0;
  }
  return length;
}

template <bool kRefuseNul>
size_t FindInvalidUtf8Of(std::string_view text) {
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
      if (kRefuseNul && c == 0) return i;
      ++i;
      continue;
    }
    // Three-byte sequences from E1 to EC (most of CJK) checked at once: most of Chinese text.
    if (c >= 0xE1 && c <= 0xEC && i + 3 <= n && IsContinuationByte(text[i + 1]) &&
        IsContinuationByte(text[i + 2])) {
      i += 3;
      continue;
    }
    const size_t length = SequenceLength(text, i, c);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text, NulBytes nul) {
  return nul == NulBytes::kRefused ? FindInvalidUtf8Of<true>(text) : FindInvalidUtf8Of<false>(text);
}

bool IsValidUtf8(std::string_view text, NulBytes nul) {
  return FindInvalidUtf8(text, nul) == std::string_view::npos;
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
