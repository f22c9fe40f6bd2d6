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

// The byte length of an invisible character at the start of `text` that a writer or a web page
// may put inside a word without changing how it reads (soft hyphen U+00AD, zero-width space
// U+200B, zero-width non-joiner U+200C, zero-width joiner U+200D, word joiner U+2060, zero-width
// no-break space U+FEFF): `Nvi\u00ADdia`, a hyphenation point a CMS added, is still Nvidia. 0 for
// everything else.
inline size_t InvisibleLength(std::string_view text) {
  if (text.size() >= 2 && text[0] == '\xC2' && text[1] == '\xAD') return 2;
  if (text.size() < 3) return 0;
  const auto b1 = static_cast<unsigned char>(text[1]);
  const auto b2 = static_cast<unsigned char>(text[2]);
  if (text[0] == '\xE2' &&
      ((b1 == 0x80 && b2 >= 0x8B && b2 <= 0x8D) || (b1 == 0x81 && b2 == 0xA0))) {
    return 3;
  }
  if (text[0] == '\xEF' && b1 == 0xBB && b2 == 0xBF) return 3;
  return 0;
}

// Text with full-width Latin letters, digits, hyphen, full stop and low line folded to ASCII,
// invisible characters inside words (InvisibleLength) taken out, and with the "x" of a count
// glued to a name read as a space: `8xH100`, `H100x8`, `8XA100`, `L40Sx4` (a count is 1 to 3
// digits, not starting with 0, standing alone on its other side; after a letter only a lower-case
// x counts, so `RX580` stays whole), so that the name keeps its word edges. Offsets are unchanged
// by the latter (one byte for one).
// When nothing needed folding, `view` is the original text and nothing was copied.
class FoldedText {
 public:
  explicit FoldedText(std::string_view original);
  std::string_view view() const { return view_; }
  // Maps a byte offset in view() back to the original text, where a match starts: after the
  // invisible characters taken out just before it (`\u200BH100` starts at H).
  size_t ToOriginal(size_t folded_offset) const { return Map(folded_offset, true); }
  // The same where a match ends: before the invisible characters taken out just after it.
  size_t ToOriginalEnd(size_t folded_offset) const { return Map(folded_offset, false); }

 private:
  // Where the folded text is shorter than the original: at folded offset `at`, either the
  // character there stood for more bytes (a full-width form: `removed` false), or invisible
  // characters stood before it and were taken out (`removed` true). `shrunk` is the bytes lost up
  // to and including this change.
  struct Change {
    size_t at;
    size_t shrunk;
    bool removed;
  };
  size_t Map(size_t folded_offset, bool start) const;
  void UnglueCounts();
  std::string storage_;
  std::string_view view_;
  std::vector<Change> changes_;  // in order of `at` (removals before a fold at the same place)
};

// ASCII letters in lower case; every other byte as it is (case is folded for ASCII only).
inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

}  // namespace chiplight

#endif  // CHIPLIGHT_FOLDING_H_
