// Internal: how a lexicon name is read: its separators, its tokens, its RE2 form, its literal
// match without RE2, its atoms for the prefix automaton and its lookup key. The rules are in
// docs/lexicon.md.
#ifndef CHIPLIGHT_NAME_TOKENS_H_
#define CHIPLIGHT_NAME_TOKENS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chiplight {

// The characters that separate the parts of a name: space, tab, line breaks, hyphen,
// underscore, no-break space, soft hyphen, zero-width space, the hyphens and dashes
// U+2010-U+2015, minus sign, ideographic space. Everything that treats separators specially
// (names' regexes, name keys, prefix analysis, the automaton) asks this.
bool IsSeparator(char32_t c);
// The same set as an RE2 class repeated (any run, also empty): what a separator in a name matches.
extern const char kSeparatorClass[];

// The RE2 alternative for a literal name. Unless `case_sensitive`, ASCII letters become
// classes ([Hh]): Latin case-insensitivity is ASCII-only by design, so that RE2 and the prefix
// automaton agree exactly (RE2's (?i) would also fold the Kelvin sign into k).
std::string NameToRegex(std::string_view name, bool case_sensitive);

// The parts of a name that NameToRegex joins with runs of separators: the name split at
// separators and where ASCII letters or digits meet CJK, full-width forms folded, case kept.
std::vector<std::string> NameTokens(std::string_view name);
// The length of the match of a name, given as its NameTokens, at text[s] and ending by
// `bound`; 0 if there is none. Exactly what the name's NameToRegex would match there (a name
// matches at most one way from a given start), without RE2.
size_t NameMatchLength(const std::vector<std::string>& tokens, bool case_sensitive,
                       std::string_view text, size_t s, size_t bound);

// One alternative of a term program, as the matcher compiles it: a name carries its own case
// handling (NameToRegex); a pattern gets RE2's (?i) unless case-sensitive.
std::string NameAlternative(std::string_view name, bool case_sensitive);
std::string PatternAlternative(const std::string& pattern, bool case_sensitive);

// A literal string that starts matches of an alternative, a name's or a pattern's (ASCII
// lowercased, full-width folded; for a name, a single-byte separator written ' ', whole
// characters, at most kMaxNameAtom bytes). `whole`: finding it is finding a match (given
// ASCII-case-insensitive matching).
struct AlternativeAtom {
  std::string bytes;
  bool whole = false;
};
constexpr size_t kMaxNameAtom = 12;
// Atoms one of which starts every match of a name. Between two tokens a match has no
// separator, one single-byte separator, or a longer run: one that goes on past a single-byte
// separator or begins with a multi-byte separator. The first two ways go on into the next token
// (so spellings like "export control" and "exportcontrol" are whole atoms when short enough),
// the longer runs end an atom ("export  ", "export \xE2", "export\xE3"), so that a common first
// token alone ("export ") is not an atom. Empty if the name is all separators.
std::vector<AlternativeAtom> NameAtoms(std::string_view name);
// The same from the name's NameTokens.
std::vector<AlternativeAtom> NameAtomsOfTokens(std::vector<std::string> tokens);

// The lookup key of a name or of matched (folded) text: ASCII lowercased, full-width folded,
// separators dropped. Text that a name's regex matches has the name's key.
std::string NameKey(std::string_view text);
// NameKey into a caller's buffer, so hot loops don't allocate.
void NameKeyInto(std::string_view text, std::string* key);
// Empty if `pattern` is a usable term pattern, else RE2's message (or why it is unusable).
std::string CheckTermPattern(const std::string& pattern);

}  // namespace chiplight

#endif  // CHIPLIGHT_NAME_TOKENS_H_
