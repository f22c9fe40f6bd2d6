// How front ends lay out the text they hand to Matcher::Scan.
#ifndef CHIPLIGHT_TEXT_H_
#define CHIPLIGHT_TEXT_H_

#include <cstddef>
#include <string_view>

namespace chiplight {

// The block separator: U+FFFF, a noncharacter (never in real text), three bytes of UTF-8 and
// one UTF-16 code unit. Front ends that scan several blocks of a document at once (paragraphs,
// table cells, list items: the scanner's HTML and Word text, the browser highlighter's batches)
// join them with it.
//
// What the matcher does with it, exactly: nothing special. It is simply a character that
//  - no name matches across it and no separator run (between a name's words) crosses it: it
//    is not a separator (IsSeparator in core/src); only a name that contains it could;
//  - no pattern of the built-in lexicon matches (its patterns hold no `.`, negated class or
//    Unicode class: a test checks); a user's pattern with one of those could cross it, as it
//    could cross any character but a line break;
//  - is not a letter or digit, so a name that ends or starts at it has its word edge.
// Context windows DO reach across it: they are measured in code points of the whole text, so
// a neighbouring paragraph is context, as it is for a reader.
//
// Not chosen: U+2029 PARAGRAPH SEPARATOR, which Unicode property classes (\pZ, \p{Zp}) match.
inline constexpr std::string_view kBlockSeparator = "\xEF\xBF\xBF";
inline constexpr char32_t kBlockSeparatorCodePoint = 0xFFFF;

// Whether a text's bytes are UTF-8, as the front ends check a text before handing it on as it is
// (the scanner's documents, archive entry names, screening-list files and JSON output): strict
// UTF-8 as RFC 3629 defines it, every byte ASCII or in a well-formed sequence: no overlong form
// (C0 80, E0 80 80), no surrogate (ED A0 80), nothing past U+10FFFF (F4 90 80 80, F5 to FF), no
// sequence cut off by a stray byte or the text's end: what a fatal TextDecoder accepts. With
// NulBytes::kRefused a NUL byte fails the text too (what the scanner asks of a file it scans
// without decoding it). One pass, sixteen ASCII bytes at a time; Matcher::Scan needs no valid
// text (invalid bytes never match).
enum class NulBytes { kAllowed, kRefused };
bool IsValidUtf8(std::string_view text, NulBytes nul = NulBytes::kAllowed);
// The same check, giving the offset of the first byte that starts no well-formed sequence (for
// error messages), or std::string_view::npos when the text is valid.
size_t FindInvalidUtf8(std::string_view text, NulBytes nul = NulBytes::kAllowed);

}  // namespace chiplight

#endif  // CHIPLIGHT_TEXT_H_
