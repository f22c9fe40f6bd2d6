// Internal: what matching folds before it looks at text: full-width forms to ASCII, the "x" of
// a count glued to a name, ASCII case. The rules are in docs/lexicon.md.
#ifndef CHIPLIGHT_FOLDING_H_
#define CHIPLIGHT_FOLDING_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chiplight {

// The ASCII character a full-width form (U+FF10-U+FF19 digits, U+FF21-U+FF3A and U+FF41-U+FF5A
// letters, U+FF0D hyphen, U+FF0E full stop, U+FF3F low line) folds to; 0 for everything else.
inline char FoldFullWidth(char32_t c) {
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
      (c >= 0xFF41 && c <= 0xFF5A) || c == 0xFF0D || c == 0xFF0E || c == 0xFF3F) {
    return static_cast<char>(c - 0xFF00 + 0x20);
  }
  return 0;
}

// Text with full-width Latin letters, digits, hyphen, full stop and low line folded to ASCII,
// and with the "x" of a count glued to a name read as a space: `8xH100`, `H100x8`, `8XA100`,
// `L40Sx4` (a count is 1 to 3 digits, not starting with 0, standing alone on its other side;
// after a letter only a lower-case x counts, so `RX580` stays whole), so that the name keeps its
// word edges. Offsets are unchanged by the latter (one byte for one).
// When nothing needed folding, `view` is the original text and nothing was copied.
class FoldedText {
 public:
  explicit FoldedText(std::string_view original);
  std::string_view view() const { return view_; }
  // Maps a byte offset in view() back to the original text.
  size_t ToOriginal(size_t folded_offset) const;

 private:
  void UnglueCounts();
  std::string storage_;
  std::string_view view_;
  std::vector<size_t> folded_at_;  // folded offsets of the characters that shrank from 3 bytes
};

// ASCII letters in lower case; every other byte as it is (case is folded for ASCII only).
inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

}  // namespace chiplight

#endif  // CHIPLIGHT_FOLDING_H_
