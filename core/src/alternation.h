// Internal: an alternation of names and patterns (the lexicon's terms, or the context words),
// matched leftmost-longest with Chiplight's word-edge rule, and what its alternatives are made of.
#ifndef CHIPLIGHT_ALTERNATION_H_
#define CHIPLIGHT_ALTERNATION_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "chiplight/lexicon.h"
#include "folding.h"
#include "name_tokens.h"
#include "pattern_prefixes.h"
#include "prefix_automaton.h"
#include "utf8.h"
#include "work_counter.h"

namespace chiplight {
// Internal linkage, as when this was part of matcher.cc (its only includer): GCC inlines a
// function called once only if it is static, and the scan's inner loops rely on that.
namespace {

using Candidate = PrefixAutomaton::Candidate;
using Candidates = std::vector<Candidate>;

inline re2::RE2::Options TermOptions(size_t alternatives) {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingUTF8);
  options.set_longest_match(true);
  options.set_never_capture(true);
  options.set_log_errors(false);
  options.set_case_sensitive(true);  // names spell case out; patterns carry (?i:...)
  // RE2's default 8 MiB budget makes big alternations fall off a cliff (docs/performance.md):
  // give the DFA room in proportion to the program.
  const int64_t per_alternative = 24 << 10;
  options.set_max_mem(std::clamp<int64_t>(static_cast<int64_t>(alternatives) * per_alternative,
                                          64 << 20, int64_t{1} << 30));
  return options;
}

inline bool LeftEdgeOk(std::string_view text, size_t s) {
  return s == 0 || !IsAsciiAlnum(text[s]) || !IsAsciiAlnum(text[s - 1]);
}
inline bool RightEdgeOk(std::string_view text, size_t e) {
  return e >= text.size() || !IsAsciiAlnum(text[e - 1]) || !IsAsciiAlnum(text[e]);
}

// `regex` followed by one character that makes the right edge fine where `regex`'s match ends:
// one that isn't an ASCII letter or digit, or a letter or digit after a word boundary (the byte
// before it is then none of a letter, a digit and '_'). Its longest match, less that character,
// is the longest match of `regex` whose right edge is fine, but for the ends LongestValidEnd
// checks itself.
inline std::string EdgeRegex(const std::string& regex) {
  return "(?:" + regex + ")(?:[^0-9A-Za-z]|\\b[0-9A-Za-z])";
}

// Whether text[p] begins a character RE2 can read in UTF-8 (shortest form, at most U+10FFFF),
// and its length.
inline bool Re2CharAt(std::string_view text, size_t p, size_t* length) {
  const auto byte = [&](size_t k) {
    return p + k < text.size() ? static_cast<unsigned char>(text[p + k]) : 0u;
  };
  const unsigned b0 = byte(0);
  const auto cont = [&](size_t k, unsigned low = 0x80, unsigned high = 0xBF) {
    return byte(k) >= low && byte(k) <= high;
  };
  *length = 1;
  if (b0 < 0x80) return true;
  size_t n = 0;
  bool ok = false;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    ok = cont(1);
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    ok = cont(1, b0 == 0xE0 ? 0xA0 : 0x80) && cont(2);
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    ok = cont(1, b0 == 0xF0 ? 0x90 : 0x80, b0 == 0xF4 ? 0x8F : 0xBF) && cont(2) && cont(3);
  }
  if (ok) *length = n;
  return ok;
}

// The end of the longest match of `program` at `s` that ends by `bound` and whose right edge is
// fine, `s` if there is none. `longest`, if past `s` and by `bound`, is the end of the longest
// match there, already known.
//
// The longest match may end inside a word ("H100 NVL" in "H100 NVLink", `Gaudi 2 HL` and a
// run of digits followed by a letter): then not one search per shorter end (a run of n digits
// cost n searches of n bytes), but one of `edge_program` (EdgeRegex), which reads the same bytes
// once. Two kinds of end that program can't see are then checked one at a time from the
// longest down, only where the text has them: after a '_' glued to a letter or digit (RE2's \b
// counts '_' as a word character), and before a byte RE2 can't read as UTF-8.
//
// `edge_program` is asked for (a callable returning the program, nullptr if there is none) only
// where the longest match ends inside a word: most candidates' matches end at a fine edge, so a
// pattern's edge program is compiled the first time one doesn't, not with its own program (half
// of a first scan's RE2 compiles, docs/performance.md). Without an edge program, such a match
// gives `s` (none).
template <typename EdgeProgram>
inline size_t LongestValidEnd(const re2::RE2& program, EdgeProgram&& edge_program,
                              std::string_view text, size_t s, size_t bound, size_t longest = 0) {
  const re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece match;
  size_t e0 = longest;
  if (e0 <= s || e0 > bound) {
    if (bound <= s) return s;
    WorkCounter::Add(bound - s);
    if (!program.Match(whole, s, bound, re2::RE2::ANCHOR_START, &match, 1)) return s;
    e0 = s + match.size();
  }
  if (e0 == s || RightEdgeOk(text, e0)) return e0;
  const re2::RE2* edge = edge_program();
  if (edge == nullptr) return s;
  size_t e = s;
  WorkCounter::Add(e0 - s);
  if (edge->Match(whole, s, e0, re2::RE2::ANCHOR_START, &match, 1) && !match.empty()) {
    e = s + match.size() - 1;  // less the character read past the end
    while (e > s && IsContinuation(text[e])) --e;
  }
  // The ends past `e` that the edge program can't see, longest first.
  std::vector<size_t> unseen;
  for (size_t p = e, length; p < e0; p += length) {
    if (!Re2CharAt(text, p, &length) || (p > s && text[p - 1] == '_' && IsAsciiAlnum(text[p]))) {
      if (p > e) unseen.push_back(p);
    }
  }
  for (auto p = unseen.rbegin(); p != unseen.rend(); ++p) {
    WorkCounter::Add(*p - s);
    if (program.Match(whole, s, *p, re2::RE2::ANCHOR_BOTH, nullptr, 0)) return *p;
  }
  return e;
}

// The first place in [from, to) where `program` matches, reading at most `longest` bytes past
// the place in search of the match's end (and not past `limit`); `end` is the end of the longest
// match RE2 found there (maybe longer than `longest`). Gives up after searching places for
// `max_bytes` bytes, setting `*searched_to` (no match of at most `longest` bytes starts before it).
//
// Searched in windows, so that no search reads on far past the place it finds (a search for the
// next place reads until the match it finds can't go on, which for some patterns is the end of
// the text: searching again from each place found would read the text once per place). A window
// holds the places searched for and `longest` bytes more; it doubles each time it holds none, so
// a text without matches is read about once.
inline bool WindowedNextStart(const re2::RE2& program, std::string_view text, size_t from,
                              size_t to, size_t limit, size_t longest, size_t max_bytes,
                              size_t* start, size_t* end, size_t* searched_to) {
  const re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece match;
  const size_t give_up = from + std::min(max_bytes, to - std::min(to, from));
  for (size_t window = longest; from < give_up; window *= 2) {
    const size_t window_end = std::min(give_up, from + window);
    const size_t search_end = std::min(limit, window_end + longest);
    if (search_end <= from) break;
    WorkCounter::Add(search_end - from);
    if (program.Match(whole, from, search_end, re2::RE2::UNANCHORED, &match, 1)) {
      const auto s = static_cast<size_t>(match.data() - text.data());
      // A place past the window may not be the first: one in between may have a match that
      // ends past the search's end.
      if (s < window_end) {
        *start = s;
        *end = s + match.size();
        return true;
      }
    }
    from = window_end;
  }
  *searched_to = from;
  return false;
}

// What one scan has learnt about a pattern alternative's candidates. A candidate is settled by
// an anchored search of at most kLongestTerm bytes; when many fail close together (`a[ a]*b`
// over `a a a ...`: each reads the same run again), the alternative's candidates are instead
// vetted by unanchored searches of a few windows, which say where the next match can start:
// those before it need no search at all.
struct AlternativeScan {
  size_t failures_from = 0;  // the first of the current cluster of failed candidates
  uint32_t failures = 0;     // failed candidates since then, within kLongestTerm of it
  bool vetting = false;
  size_t no_match_before = 0;  // while vetting: no match starts before this
};
// Failed candidates of one alternative within kLongestTerm bytes that switch it to vetting. Far
// more than text has by chance (a pattern's atom 16 bytes apart, over and over), so that the
// usual text keeps the usual, cheaper search.
constexpr uint32_t kFailuresBeforeVetting = 32;

// An RE2 program compiled the first time it is needed, by whichever thread gets there first.
class LazyProgram {
 public:
  LazyProgram() = default;
  LazyProgram(const LazyProgram&) = delete;
  LazyProgram& operator=(const LazyProgram&) = delete;
  ~LazyProgram() { delete program_.load(); }
  // `regex` (with TermOptions for `alternatives`) the first time; nullptr if RE2 refuses it.
  template <typename MakeRegex>
  const re2::RE2* Get(MakeRegex&& make_regex, size_t alternatives) const {
    re2::RE2* program = program_.load(std::memory_order_acquire);
    if (program == nullptr) {
      auto compiled = std::make_unique<re2::RE2>(make_regex(), TermOptions(alternatives));
      re2::RE2* expected = nullptr;
      if (program_.compare_exchange_strong(expected, compiled.get(), std::memory_order_acq_rel)) {
        program = compiled.release();
      } else {
        program = expected;
      }
    }
    return program->ok() ? program : nullptr;
  }

 private:
  mutable std::atomic<re2::RE2*> program_{nullptr};
};

// A match found by an Alternation. When the prefix automaton's candidates found it, the
// alternatives that produce exactly this text are known: `alternative` is the preferred one
// and `mask` the OR of their masks. When one RE2 program of the whole alternation found it
// (re2_search.h), `alternative` is -1.
struct Found {
  size_t start = 0;
  size_t end = 0;
  int64_t alternative = -1;
  uint64_t mask = 0;
};

// One alternation of terms, matched leftmost-longest with Chiplight's word-edge rule.
//
// It is searched with the prefix automaton's candidates: each group of candidates that start at
// one place is settled there, whole-match atoms by their lengths, the others by their own
// alternative's RE2 program, anchored; those programs are compiled the first time a candidate
// needs them, so building a matcher compiles no regular expression at all. Where there is no
// automaton, a CombinedProgram of the alternation (re2_search.h) searches instead.
class Alternation {
 public:
  // An alternative: a literal name (matched by its NameTokens, `name_tokens`) or an RE2
  // pattern, in `source`, which must outlive the program (the lexicon's own string). Its RE2
  // form is made only if a program needs it. `atoms`: literal strings one of which starts
  // every match of the alternative, each marked if finding it is finding a whole match;
  // nullopt if unknown, which leaves this program to RE2 alone, and `place` then names the
  // alternative for people. `priority`: among alternatives producing the same text, the lowest
  // wins. `mask`: what the caller wants to know about the alternative.
  void Add(std::string_view source, std::optional<std::vector<std::string>> name_tokens,
           bool case_sensitive, std::optional<std::vector<AlternativeAtom>> atoms,
           uint64_t priority, uint64_t mask, const std::string& place) {
    if (!atoms || atoms->empty()) {
      if (prefixable_) unprefixable_ = place;
      prefixable_ = false;
      atoms.emplace();
    }
    AddPrebuilt(source, std::move(name_tokens), case_sensitive, priority, mask);
    alternatives_.back().atoms = std::move(*atoms);
  }
  // An alternative whose atoms are already in an automaton built beforehand (Add's other
  // arguments).
  void AddPrebuilt(std::string_view source, std::optional<std::vector<std::string>> name_tokens,
                   bool case_sensitive, uint64_t priority, uint64_t mask) {
    Alternative& added = alternatives_.emplace_back();
    added.source = source;
    added.is_name = name_tokens.has_value();
    added.case_sensitive = case_sensitive;
    if (name_tokens) added.name_tokens = std::move(*name_tokens);
    added.priority = priority;
    added.mask = mask;
  }
  // Alternative `a` in RE2's syntax.
  std::string Regex(size_t a) const {
    const Alternative& alternative = alternatives_[a];
    return alternative.is_name
               ? NameAlternative(alternative.source, alternative.case_sensitive)
               : PatternAlternative(std::string(alternative.source), alternative.case_sensitive);
  }
  bool is_name(size_t a) const { return alternatives_[a].is_name; }
  uint64_t mask(size_t a) const { return alternatives_[a].mask; }
  std::string_view source(size_t a) const { return alternatives_[a].source; }
  // Whether name alternative `a` matches text[s, e) exactly, reading no further than `e`: names
  // whose keys are alike need not match the same texts ("rain forest" matches "rainforest", not
  // the other way round; a case-sensitive "BIS" doesn't match "bis").
  bool NameMatchIs(size_t a, std::string_view text, size_t s, size_t e) const {
    const Alternative& alternative = alternatives_[a];
    return NameMatchLength(alternative.name_tokens, alternative.case_sensitive, text, s, e) ==
           e - s;
  }
  // Readies the alternatives' own programs, for searching with the automaton's candidates.
  void PrepareAlternatives() { programs_ = std::make_unique<Programs[]>(size()); }
  Alternation() = default;
  Alternation(const Alternation&) = delete;
  Alternation& operator=(const Alternation&) = delete;

  bool prefixable() const { return prefixable_ && !alternatives_.empty(); }
  size_t size() const { return alternatives_.size(); }
  // Why this program is searched by RE2 alone, if it is: the first alternative whose literal
  // prefixes couldn't be derived, or that its automaton would be too large.
  const std::string& unprefixable() const { return unprefixable_; }
  void NoAutomaton(const std::string& why) {
    if (unprefixable_.empty()) unprefixable_ = why;
  }
  // This program's atoms, for the prefix automaton; they are not needed after that.
  void MoveAtomsTo(std::vector<PrefixAutomaton::Atom>* out) {
    for (size_t a = 0; a < alternatives_.size(); ++a) {
      for (AlternativeAtom& atom : alternatives_[a].atoms) {
        out->push_back({std::move(atom.bytes), static_cast<uint32_t>(a), atom.whole});
      }
      std::vector<AlternativeAtom>().swap(alternatives_[a].atoms);
    }
  }

  // The first match that starts in text[from, to) and ends by `limit`, whose edges satisfy the
  // word-edge rule. Edges are judged against the whole text, not the window. `candidates` lists
  // by start every atom of this program found in the text; `cursor` is a caller's position in
  // it, so that searches moving forward don't search the list again.
  // `scan`, if given, is what this scan has learnt of each alternative (sized on first need).
  bool Find(std::string_view text, size_t from, size_t to, size_t limit,
            const Candidates& candidates, size_t* cursor, Found* found,
            std::vector<AlternativeScan>* scan = nullptr) const {
    auto it = candidates.begin() + static_cast<std::ptrdiff_t>(*cursor);
    if (it != candidates.begin() && (it - 1)->start >= from) {
      it = std::lower_bound(candidates.begin(), it, from,
                            [](const Candidate& c, size_t pos) { return c.start < pos; });
    }
    while (it != candidates.end() && it->start < from) ++it;
    *cursor = static_cast<size_t>(it - candidates.begin());
    while (it != candidates.end() && it->start < to) {
      auto group_end = it;
      while (group_end != candidates.end() && group_end->start == it->start) ++group_end;
      // The automaton reports atoms only where the left edge is fine.
      if (AtStart(text, it, group_end, limit, found, scan)) return true;
      it = group_end;
    }
    return false;
  }

  // The OR of `mask` over the alternatives that produce the longest match at the start shared
  // by the automaton's candidates [begin, end) (ending by `limit`) whose right edge is fine: a
  // word inside a longer word at the same place doesn't count on its own (谷歌云 in 谷歌云盘), as
  // with terms. `*word_end` is set to the end of that match (to the start if there is none).
  uint64_t SetsAt(std::string_view text, size_t limit, Candidates::const_iterator begin,
                  Candidates::const_iterator end, size_t* word_end) const {
    Found found;
    *word_end = begin->start;
    if (!AtStart(text, begin, end, limit, &found)) return 0;
    *word_end = found.end;
    return found.mask;
  }

 private:
  // The longest match at the start shared by candidates [begin, end) (ending by `limit`) whose
  // right edge is fine, with the alternatives that produce it. Every alternative that matches
  // here has an atom here, so these are all the alternatives to ask: a whole-match atom
  // answers with its length, any other with its own program. This is exactly what the
  // combined program would say.
  bool AtStart(std::string_view text, Candidates::const_iterator begin,
               Candidates::const_iterator end, size_t limit, Found* found,
               std::vector<AlternativeScan>* scan = nullptr) const {
    const size_t s = begin->start;
    const size_t bound = std::min(limit, s + kLongestTerm);
    const auto count = static_cast<size_t>(end - begin);
    constexpr size_t kInline = 16;
    size_t inline_lengths[kInline];
    std::vector<size_t> heap_lengths;
    size_t* lengths = inline_lengths;
    if (count > kInline) {
      heap_lengths.resize(count);
      lengths = heap_lengths.data();
    }
    // Each alternative's longest match here whose right edge is fine (a word inside a longer
    // word, "H100 NVL" in "H100 NVLink", doesn't count); the longest of them wins.
    const auto whole_match = [&](size_t length) {
      return s + length <= bound && RightEdgeOk(text, s + length) ? length : 0;
    };
    size_t best = 0;
    for (size_t i = 0; i < count; ++i) {
      const Candidate& c = begin[static_cast<std::ptrdiff_t>(i)];
      if (c.exact) {
        lengths[i] = whole_match(c.length);
      } else {
        // An alternative may have several atoms here; its program runs once, and not at all
        // if one of them is a whole match (a name matches one way from a given start).
        size_t j = 0;
        while (j < count && (begin[static_cast<std::ptrdiff_t>(j)].alternative != c.alternative ||
                             (j >= i && !begin[static_cast<std::ptrdiff_t>(j)].exact))) {
          ++j;
        }
        if (j < count && begin[static_cast<std::ptrdiff_t>(j)].exact) {
          lengths[i] = whole_match(begin[static_cast<std::ptrdiff_t>(j)].length);
        } else {
          if (j >= i && scan != nullptr && scan->empty()) scan->resize(size());  // on first need
          lengths[i] = j < i ? lengths[j]
                             : LongestValidOf(c.alternative, text, s, bound,
                                              scan ? &(*scan)[c.alternative] : nullptr);
        }
      }
      best = std::max(best, lengths[i]);
    }
    if (best == 0) return false;
    *found = {s, s + best, -1, 0};
    for (size_t i = 0; i < count; ++i) {
      if (lengths[i] != best) continue;
      const uint32_t a = begin[static_cast<std::ptrdiff_t>(i)].alternative;
      found->mask |= alternatives_[a].mask;
      if (found->alternative < 0 ||
          alternatives_[a].priority <
              alternatives_[static_cast<size_t>(found->alternative)].priority) {
        found->alternative = a;
      }
    }
    return true;
  }

  // The length of alternative `a`'s longest match at `s` that ends by `bound` with its right
  // edge fine, 0 if none.
  size_t LongestValidOf(uint32_t a, std::string_view text, size_t s, size_t bound,
                        AlternativeScan* scan) const {
    const Alternative& alternative = alternatives_[a];
    if (alternative.is_name) {
      // A name matches one way from a given start (its separator runs are read whole): if that
      // end is inside a word, no shorter one is a match.
      WorkCounter::Add(bound - s);
      const size_t length =
          NameMatchLength(alternative.name_tokens, alternative.case_sensitive, text, s, bound);
      return length > 0 && RightEdgeOk(text, s + length) ? length : 0;
    }
    const re2::RE2* program = programs_[a].own.Get([&] { return Regex(a); }, 1);
    if (program == nullptr) return 0;
    const auto edge_program = [&] {
      return programs_[a].edge.Get([&] { return EdgeRegex(Regex(a)); }, 1);
    };
    size_t longest = 0;
    if (scan != nullptr && scan->vetting) {
      if (s < scan->no_match_before) return 0;
      size_t start = 0, searched_to = 0;
      if (!WindowedNextStart(*program, text, s, text.size(), text.size(), kLongestTerm,
                             4 * kLongestTerm, &start, &longest, &searched_to)) {
        scan->no_match_before = searched_to;
        return 0;
      }
      scan->no_match_before = start;
      if (start > s) return 0;
    }
    const size_t length = LongestValidEnd(*program, edge_program, text, s, bound, longest) - s;
    if (scan != nullptr && !scan->vetting && length == 0) {
      if (scan->failures == 0 || s >= scan->failures_from + kLongestTerm) {
        scan->failures_from = s;
        scan->failures = 0;
      }
      scan->vetting = ++scan->failures >= kFailuresBeforeVetting;
    }
    return length;
  }

  bool prefixable_ = true;
  std::string unprefixable_;
  // What Add was told of each alternative.
  struct Alternative {
    std::string_view source;
    bool is_name = false;
    bool case_sensitive = false;
    std::vector<std::string> name_tokens;  // a name's NameTokens
    std::vector<AlternativeAtom> atoms;    // until MoveAtomsTo
    uint64_t priority = 0;
    uint64_t mask = 0;
  };
  std::vector<Alternative> alternatives_;
  // Per alternative: its own program, and its edge program (EdgeRegex), compiled on first use.
  // The lexicon's patterns were checked when it was loaded, so they compile; if one didn't, the
  // alternative would simply never match.
  struct Programs {
    LazyProgram own, edge;
  };
  std::unique_ptr<Programs[]> programs_;
};

// The atoms of a name (NameAtomsOfTokens) or a pattern (PatternPrefixes), nullopt if a
// pattern's can't be derived. Atoms are lowercased, so a case-sensitive alternative's are only
// ever candidates, never whole matches.
inline std::optional<std::vector<AlternativeAtom>> AtomsOf(
    const std::string& text, const std::optional<std::vector<std::string>>& tokens,
    bool case_sensitive) {
  std::vector<AlternativeAtom> atoms;
  if (tokens) {
    atoms = NameAtomsOfTokens(*tokens);
  } else {
    bool whole = false;
    auto prefixes = PatternPrefixes(text, !case_sensitive, &whole);
    if (!prefixes) return std::nullopt;
    for (std::string& prefix : *prefixes) atoms.push_back({std::move(prefix), whole});
  }
  if (case_sensitive) {
    for (AlternativeAtom& atom : atoms) atom.whole = false;
  }
  if (atoms.empty()) return std::nullopt;
  return atoms;
}

// Adds a name (with its NameTokens) or a pattern of an entry or a context set to `program`.
// `owner`, `list` and `index` name it for people ("entries[3] (nvidia-a100): names[0]"), which
// is spelled out only if its atoms are unknown.
inline void AddAlternative(Alternation* program, const std::string& text,
                           std::optional<std::vector<std::string>> tokens, bool case_sensitive,
                           uint64_t priority, uint64_t mask, const std::string& owner,
                           const char* list, size_t index) {
  auto atoms = AtomsOf(text, tokens, case_sensitive);
  const std::string place =
      atoms ? std::string() : owner + ": " + list + "[" + std::to_string(index) + "]";
  program->Add(text, std::move(tokens), case_sensitive, std::move(atoms), priority, mask, place);
}

}  // namespace
}  // namespace chiplight

#endif  // CHIPLIGHT_ALTERNATION_H_
