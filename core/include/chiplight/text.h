// How front ends lay out the text they hand to Matcher::Scan.
#ifndef CHIPLIGHT_TEXT_H_
#define CHIPLIGHT_TEXT_H_

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
// (the scanner's documents, archive entry names and JSON output): every byte is ASCII or starts
// a sequence with a lead byte from 0xC2 to 0xF4 and the continuation bytes (0b10xxxxxx) its
// length asks for, none cut off by the text's end. Only this structure is checked, not the code
// point encoded: a three- or four-byte overlong form, a surrogate (ED A0 80) or a code point past
// U+10FFFF (F4 90 80 80) passes. With NulBytes::kRefused a NUL byte fails the text too (what
// the scanner asks of a file it scans without decoding it). One pass, sixteen ASCII bytes at a
// time; Matcher::Scan needs no valid text (invalid bytes never match).
enum class NulBytes { kAllowed, kRefused };
bool IsValidUtf8(std::string_view text, NulBytes nul = NulBytes::kAllowed);

}  // namespace chiplight

#endif  // CHIPLIGHT_TEXT_H_
