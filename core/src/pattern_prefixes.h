// Internal: literal prefixes of term patterns, for the prefix automaton.
#ifndef CHIPLIGHT_PATTERN_PREFIXES_H_
#define CHIPLIGHT_PATTERN_PREFIXES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
// one of them, spelled as is (no cut, no loop, no separator, no assertion such as `^ $ \b`, no
// part turned case-sensitive by `(?-i)`), so finding one in the text (with ASCII case folded) is
// finding a match. A flag group that turns case-insensitivity on anywhere (`(?i)`, `(?si:`,
// `(?mi)`) makes the whole pattern count as case-insensitive.
std::optional<std::vector<std::string>> PatternPrefixes(const std::string& pattern,
                                                        bool case_insensitive,
                                                        bool* exact = nullptr);

// The same, always worked out from the pattern. PatternPrefixes first looks in the table below.
std::optional<std::vector<std::string>> ComputePatternPrefixes(const std::string& pattern,
                                                               bool case_insensitive,
                                                               bool* exact = nullptr);

// PatternPrefixes' results for the built-in lexicon's patterns, worked out at build time by
// core/tools/builtin_tables.cc (with the case rule each pattern is used with), so that starting a
// matcher, which in a browser happens on every page, doesn't analyse them again.
struct PrecomputedPrefixes {
  std::string_view pattern;
  bool case_insensitive;
  bool known;  // false: PatternPrefixes gives nullopt
  bool exact;
  const std::string_view* prefixes;
  size_t count;
};
// Sorted by (pattern, case_insensitive); empty in builds without the generated table.
std::pair<const PrecomputedPrefixes*, size_t> PrecomputedPatternPrefixes();

}  // namespace chiplight

#endif  // CHIPLIGHT_PATTERN_PREFIXES_H_
