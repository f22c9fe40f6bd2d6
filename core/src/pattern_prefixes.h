// Internal: literal prefixes of term patterns, for the prefix automaton.
#ifndef CHIPLIGHT_PATTERN_PREFIXES_H_
#define CHIPLIGHT_PATTERN_PREFIXES_H_

#include <optional>
#include <string>
#include <vector>

namespace chiplight {

// A set of non-empty byte strings (ASCII lowercased, at most 8 bytes each; at most 32 of them) such
// that every match of the RE2 `pattern` starts with one of them, ignoring ASCII case. nullopt when
// that can't be worked out (`.`, negated or large classes, Unicode classes, ...): the caller then
// doesn't prefilter. The pattern must already compile. `case_insensitive`: the pattern runs
// under RE2's (?i), which also folds k with the Kelvin sign and s with the long s; those
// forms are included, and any other non-ASCII letter makes the prefixes unknown. Separators
// come out canonical: every single-byte one (space, tab, line breaks, '-', '_') as a space,
// which the automaton treats as any of them; a multi-byte one as its lead byte alone.
//
// `exact`, if given, is set when the prefixes are the pattern's whole language: every match is
// one of them, spelled as is (no cut, no loop, no separator), so finding one in the text (with
// ASCII case folded) is finding a match.
std::optional<std::vector<std::string>> PatternPrefixes(const std::string& pattern,
                                                        bool case_insensitive,
                                                        bool* exact = nullptr);

}  // namespace chiplight

#endif  // CHIPLIGHT_PATTERN_PREFIXES_H_
