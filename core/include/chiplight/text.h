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

}  // namespace chiplight

#endif  // CHIPLIGHT_TEXT_H_
