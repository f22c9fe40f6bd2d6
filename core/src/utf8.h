// Internal: UTF-8 decoding and encoding, and stepping over code points (how context windows are
// measured). Invalid bytes count as code points of their own everywhere, so nobody loses their
// place in text that isn't valid UTF-8.
#ifndef CHIPLIGHT_UTF8_H_
#define CHIPLIGHT_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace chiplight {

// Decodes one UTF-8 code point at text[i]; an invalid byte decodes as itself (one byte) with
// `valid` false, so callers never lose their place.
char32_t DecodeUtf8(std::string_view text, size_t i, size_t* length, bool* valid);
std::string EncodeUtf8(char32_t c);

// Stepping over code points: a code point starts at every byte that is not a UTF-8 continuation
// byte. Bytes are counted 8 or 32 at a time, because every ambiguous candidate measures two
// context windows.
//
// Bit 0 of each byte of `w` that is a continuation byte (10xxxxxx): summed over up to 32 bytes'
// words, one multiplication then counts them all (no popcount instruction needed).
inline uint64_t ContinuationBits(uint64_t w) {
  return (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
}
inline size_t CountOfBits(uint64_t bits) {
  return static_cast<size_t>((bits * 0x0101010101010101ull) >> 56);
}

inline size_t StartsIn8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return 8 - CountOfBits(ContinuationBits(w));
}

// ASCII (the common case in English text) needs no counting.
inline size_t StartsIn32(const char* p) {
  uint64_t w[4];
  std::memcpy(w, p, 32);
  if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) == 0) return 32;
  return 32 - CountOfBits(ContinuationBits(w[0]) + ContinuationBits(w[1]) + ContinuationBits(w[2]) +
                          ContinuationBits(w[3]));
}

inline bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The offset `count` code points before `offset` (or 0).
inline size_t StepBack(std::string_view text, size_t offset, size_t count) {
  // 32 bytes at a time while more code points are wanted than 32 bytes can hold.
  while (count > 32 && offset >= 32) {
    count -= StartsIn32(text.data() + offset - 32);
    offset -= 32;
  }
  while (count > 0 && offset >= 8) {
    size_t starts = StartsIn8(text.data() + offset - 8);
    if (starts >= count) break;
    count -= starts;
    offset -= 8;
  }
  while (offset > 0 && count > 0) {
    --offset;
    if (!IsContinuation(text[offset])) --count;
  }
  return offset;
}

// The offset `count` code points after `offset`, a code point boundary (or the text's end).
inline size_t StepForward(std::string_view text, size_t offset, size_t count) {
  size_t need = count + 1;  // `offset` itself starts the first code point
  while (need > 32 && offset + 32 <= text.size()) {
    need -= StartsIn32(text.data() + offset);
    offset += 32;
  }
  while (offset + 8 <= text.size()) {
    size_t starts = StartsIn8(text.data() + offset);
    if (starts >= need) break;
    need -= starts;
    offset += 8;
  }
  for (; offset < text.size(); ++offset) {
    if (!IsContinuation(text[offset]) && --need == 0) return offset;
  }
  return text.size();
}

}  // namespace chiplight

#endif  // CHIPLIGHT_UTF8_H_
