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
  // Readies the alternatives' own programs, for searching with the automaton's candidates.
  void PrepareAlternatives() {
    programs_ = std::make_unique<std::atomic<re2::RE2*>[]>(size());
    for (size_t a = 0; a < size(); ++a) programs_[a].store(nullptr);
  }
  ~Alternation() {
    if (!programs_) return;
    for (size_t a = 0; a < size(); ++a) delete programs_[a].load();
  }
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
  bool Find(std::string_view text, size_t from, size_t to, size_t limit,
            const Candidates& candidates, size_t* cursor, Found* found) const {
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
      if (AtStart(text, it, group_end, limit, found)) return true;
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
               Candidates::const_iterator end, size_t limit, Found* found) const {
    const size_t s = begin->start;
    const auto count = static_cast<size_t>(end - begin);
    constexpr size_t kInline = 16;
    size_t inline_lengths[kInline];
    std::vector<size_t> heap_lengths;
    size_t* lengths = inline_lengths;
    if (count > kInline) {
      heap_lengths.resize(count);
      lengths = heap_lengths.data();
    }
    size_t bound = limit;
    for (;;) {
      size_t best = 0;
      for (size_t i = 0; i < count; ++i) {
        const Candidate& c = begin[static_cast<std::ptrdiff_t>(i)];
        if (c.exact) {
          lengths[i] = s + c.length <= bound ? c.length : 0;
        } else {
          // An alternative may have several atoms here; its program runs once, and not at all
          // if one of them is a whole match (a name matches one way from a given start).
          size_t j = 0;
          while (j < count && (begin[static_cast<std::ptrdiff_t>(j)].alternative != c.alternative ||
                               (j >= i && !begin[static_cast<std::ptrdiff_t>(j)].exact))) {
            ++j;
          }
          if (j < count && begin[static_cast<std::ptrdiff_t>(j)].exact) {
            const size_t whole = begin[static_cast<std::ptrdiff_t>(j)].length;
            lengths[i] = s + whole <= bound ? whole : 0;
          } else {
            lengths[i] = j < i ? lengths[j] : LongestOf(c.alternative, text, s, bound);
          }
        }
        best = std::max(best, lengths[i]);
      }
      if (best == 0) return false;
      // The longest match may end inside a word ("H100 NVL" in "H100 NVLink"): then the
      // longest that ends before it.
      if (!RightEdgeOk(text, s + best)) {
        bound = s + best - 1;
        continue;
      }
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
  }

  // The length of alternative `a`'s longest match at `s` ending by `bound`, 0 if none.
  size_t LongestOf(uint32_t a, std::string_view text, size_t s, size_t bound) const {
    const Alternative& alternative = alternatives_[a];
    if (alternative.is_name) {
      return NameMatchLength(alternative.name_tokens, alternative.case_sensitive, text, s, bound);
    }
    const re2::RE2* program = Program(a);
    if (program == nullptr) return 0;
    re2::StringPiece match;
    if (!program->Match(re2::StringPiece(text.data(), text.size()), s, bound,
                        re2::RE2::ANCHOR_START, &match, 1)) {
      return 0;
    }
    return match.size();
  }

  // Alternative `a`'s own program, compiled on first use (by whichever thread gets there
  // first). The lexicon's patterns were checked when it was loaded, so this can't fail; if it
  // did, the alternative would simply never match.
  const re2::RE2* Program(uint32_t a) const {
    re2::RE2* program = programs_[a].load(std::memory_order_acquire);
    if (program != nullptr) return program->ok() ? program : nullptr;
    auto compiled = std::make_unique<re2::RE2>(Regex(a), TermOptions(1));
    re2::RE2* expected = nullptr;
    if (programs_[a].compare_exchange_strong(expected, compiled.get(), std::memory_order_acq_rel)) {
      program = compiled.release();
    } else {
      program = expected;
    }
    return program->ok() ? program : nullptr;
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
  std::unique_ptr<std::atomic<re2::RE2*>[]> programs_;  // per alternative
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
