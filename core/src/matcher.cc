#include "chiplight/matcher.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <re2/re2.h>
#include <re2/set.h>

#include "builtin_lexicon.h"
#include "byte_io.h"
#include "pattern_prefixes.h"
#include "prefix_automaton.h"
#include "term_regex.h"

namespace chiplight {
namespace {

using Candidate = PrefixAutomaton::Candidate;
using Candidates = std::vector<Candidate>;

re2::RE2::Options TermOptions(size_t alternatives) {
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

bool LeftEdgeOk(std::string_view text, size_t s) {
  return s == 0 || !IsAsciiAlnum(text[s]) || !IsAsciiAlnum(text[s - 1]);
}
bool RightEdgeOk(std::string_view text, size_t e) {
  return e >= text.size() || !IsAsciiAlnum(text[e - 1]) || !IsAsciiAlnum(text[e]);
}

// A match found by a TermProgram. When the prefix automaton found it as a whole, the
// alternatives that produce exactly this text are known: `alternative` is the preferred one
// and `mask` the OR of their masks. Otherwise `alternative` is -1.
struct Found {
  size_t start = 0;
  size_t end = 0;
  int64_t alternative = -1;
  uint64_t mask = 0;
};

// One alternation of terms, matched leftmost-longest with Chiplight's word-edge rule.
//
// Two ways to search it. With the prefix automaton's candidates (the usual way), each group of
// candidates that start at one place is settled there: whole-match atoms by their lengths, the
// others by their own alternative's RE2 program, anchored; those programs are compiled the first
// time a candidate needs them, so building a matcher compiles no regular expression at all.
// Without candidates, one RE2 program of the whole alternation searches the text.
class TermProgram {
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
  // Readies the program for searching without candidates: compiles the whole alternation.
  // Throws LexiconError (prefixed with `what`) if RE2 rejects it.
  void CompileCombined(const std::string& what) {
    std::string pattern;
    for (size_t a = 0; a < size(); ++a) {
      if (!pattern.empty()) pattern += '|';
      pattern += Regex(a);
    }
    combined_ = std::make_unique<re2::RE2>(pattern.empty() ? "[^\\x00-\\x{10FFFF}]" : pattern,
                                           TermOptions(size()));
    if (!combined_->ok()) throw LexiconError(what + ": " + combined_->error());
  }
  // Readies the program for searching with candidates only.
  void PrepareAlternatives() {
    programs_ = std::make_unique<std::atomic<re2::RE2*>[]>(size());
    for (size_t a = 0; a < size(); ++a) programs_[a].store(nullptr);
  }
  ~TermProgram() {
    if (!programs_) return;
    for (size_t a = 0; a < size(); ++a) delete programs_[a].load();
  }
  TermProgram() = default;
  TermProgram(const TermProgram&) = delete;
  TermProgram& operator=(const TermProgram&) = delete;

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
  // word-edge rule. Edges are judged against the whole text, not the window. `candidates`,
  // when given, lists by start every atom of this program found in the text; `cursor` is a
  // caller's position in it, so that searches moving forward don't search the list again.
  bool Find(std::string_view text, size_t from, size_t to, size_t limit,
            const Candidates* candidates, size_t* cursor, Found* found) const {
    if (candidates) {
      auto it = candidates->begin() + static_cast<std::ptrdiff_t>(*cursor);
      if (it != candidates->begin() && (it - 1)->start >= from) {
        it = std::lower_bound(candidates->begin(), it, from,
                              [](const Candidate& c, size_t pos) { return c.start < pos; });
      }
      while (it != candidates->end() && it->start < from) ++it;
      *cursor = static_cast<size_t>(it - candidates->begin());
      while (it != candidates->end() && it->start < to) {
        auto group_end = it;
        while (group_end != candidates->end() && group_end->start == it->start) ++group_end;
        // The automaton reports atoms only where the left edge is fine.
        if (AtStart(text, it, group_end, limit, found)) return true;
        it = group_end;
      }
      return false;
    }
    re2::StringPiece whole(text.data(), text.size());
    re2::StringPiece match;
    while (from < to && combined_->Match(whole, from, limit, re2::RE2::UNANCHORED, &match, 1)) {
      size_t s = static_cast<size_t>(match.data() - text.data());
      if (s >= to) return false;
      // Every candidate starting here shares the left edge; the right one is checked below.
      // The search already found the longest match here, with its end.
      if (LeftEdgeOk(text, s) && LongestAt(text, s, limit, found, s + match.size())) return true;
      from = s + 1;
    }
    return false;
  }

  // The first place in [from, to) where some alternative matches (ending by `limit`), found by
  // the combined program.
  bool NextStart(std::string_view text, size_t from, size_t to, size_t limit, size_t* start) const {
    re2::StringPiece whole(text.data(), text.size());
    re2::StringPiece match;
    if (from >= to || !combined_->Match(whole, from, limit, re2::RE2::UNANCHORED, &match, 1)) {
      return false;
    }
    *start = static_cast<size_t>(match.data() - text.data());
    return *start < to;
  }

  // The OR of `mask` over the alternatives that produce the longest match at `s` (ending by
  // `limit`) whose right edge is fine: a word inside a longer word at the same place doesn't
  // count on its own (谷歌云 in 谷歌云盘), as with terms. [begin, end) are the automaton's
  // candidates at `s`, if it ran; otherwise the combined program finds the match and
  // `masks_of(s, e)` says what it is.
  // `*word_end` is set to the end of that match (to `s` if there is none).
  template <typename MasksOf>
  uint64_t SetsAt(std::string_view text, size_t s, size_t limit, Candidates::const_iterator begin,
                  Candidates::const_iterator end, MasksOf&& masks_of, size_t* word_end) const {
    Found found;
    *word_end = s;
    if (begin != end) {
      if (!AtStart(text, begin, end, limit, &found)) return 0;
      *word_end = found.end;
      return found.mask;
    }
    if (!LongestAt(text, s, limit, &found)) return 0;
    *word_end = found.end;
    return masks_of(found.start, found.end);
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

  // The longest match at `s` (ending by `limit`) whose right edge is fine, found by the
  // combined program. `longest`, if known (past `s`), is the end of the longest match at `s`.
  bool LongestAt(std::string_view text, size_t s, size_t limit, Found* found,
                 size_t longest = 0) const {
    size_t e = longest;
    if (e <= s && !LongestEnd(text, s, limit, &e)) return false;
    // The longest match may end inside a word ("H100 NVL" in "H100 NVLink"): then the longest
    // that ends before it.
    while (!RightEdgeOk(text, e)) {
      if (!LongestEnd(text, s, e - 1, &e)) return false;
    }
    *found = {s, e, -1, 0};
    return true;
  }

  // The end of the longest non-empty match of the combined program at `s`, ending by `bound`.
  bool LongestEnd(std::string_view text, size_t s, size_t bound, size_t* end) const {
    re2::StringPiece match;
    if (!combined_->Match(re2::StringPiece(text.data(), text.size()), s, bound,
                          re2::RE2::ANCHOR_START, &match, 1) ||
        match.empty()) {
      return false;
    }
    *end = s + match.size();
    return true;
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
  std::unique_ptr<re2::RE2> combined_;                  // searching without candidates
  std::unique_ptr<std::atomic<re2::RE2*>[]> programs_;  // per alternative, with candidates
};

// Windows are measured in code points: a code point starts at every byte that is not a UTF-8
// continuation byte (invalid bytes count as code points of their own). Bytes are counted 8 or
// 32 at a time, because every ambiguous candidate measures two windows.
//
// Bit 0 of each byte of `w` that is a continuation byte (10xxxxxx): summed over up to 32 bytes'
// words, one multiplication then counts them all (no popcount instruction needed).
inline uint64_t ContinuationBits(uint64_t w) {
  return (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
}
inline size_t CountOfBits(uint64_t bits) {
  return static_cast<size_t>((bits * 0x0101010101010101ull) >> 56);
}

inline size_t StartsIn8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return 8 - CountOfBits(ContinuationBits(w));
}

// ASCII (the common case in English text) needs no counting.
inline size_t StartsIn32(const char* p) {
  uint64_t w[4];
  std::memcpy(w, p, 32);
  if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) == 0) return 32;
  return 32 - CountOfBits(ContinuationBits(w[0]) + ContinuationBits(w[1]) + ContinuationBits(w[2]) +
                          ContinuationBits(w[3]));
}

inline bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The offset `count` code points before `offset` (or 0).
size_t StepBack(std::string_view text, size_t offset, size_t count) {
  // 32 bytes at a time while more code points are wanted than 32 bytes can hold.
  while (count > 32 && offset >= 32) {
    count -= StartsIn32(text.data() + offset - 32);
    offset -= 32;
  }
  while (count > 0 && offset >= 8) {
    size_t starts = StartsIn8(text.data() + offset - 8);
    if (starts >= count) break;
    count -= starts;
    offset -= 8;
  }
  while (offset > 0 && count > 0) {
    --offset;
    if (!IsContinuation(text[offset])) --count;
  }
  return offset;
}

// The offset `count` code points after `offset`, a code point boundary (or the text's end).
size_t StepForward(std::string_view text, size_t offset, size_t count) {
  size_t need = count + 1;  // `offset` itself starts the first code point
  while (need > 32 && offset + 32 <= text.size()) {
    need -= StartsIn32(text.data() + offset);
    offset += 32;
  }
  while (offset + 8 <= text.size()) {
    size_t starts = StartsIn8(text.data() + offset);
    if (starts >= need) break;
    need -= starts;
    offset += 8;
  }
  for (; offset < text.size(); ++offset) {
    if (!IsContinuation(text[offset]) && --need == 0) return offset;
  }
  return text.size();
}

// The atoms of a name (NameAtomsOfTokens) or a pattern (PatternPrefixes), nullopt if a
// pattern's can't be derived. Atoms are lowercased, so a case-sensitive alternative's are only
// ever candidates, never whole matches.
std::optional<std::vector<AlternativeAtom>> AtomsOf(
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
void AddAlternative(TermProgram* program, const std::string& text,
                    std::optional<std::vector<std::string>> tokens, bool case_sensitive,
                    uint64_t priority, uint64_t mask, const std::string& owner, const char* list,
                    size_t index) {
  auto atoms = AtomsOf(text, tokens, case_sensitive);
  const std::string place =
      atoms ? std::string() : owner + ": " + list + "[" + std::to_string(index) + "]";
  program->Add(text, std::move(tokens), case_sensitive, std::move(atoms), priority, mask, place);
}

// Names of context words are the same word when their tokens are (case aside, unless
// case-sensitive): the key that says so.
std::string NameWordKey(const std::vector<std::string>& tokens, bool case_sensitive) {
  std::string key = case_sensitive ? "ns" : "ni";
  for (const std::string& token : tokens) {
    for (char ch : token) {
      key += case_sensitive ? ch : AsciiLower(ch);
    }
    key += '\0';
  }
  return key;
}

// The longest a context word may be, in bytes: a word counts where it starts inside a window,
// whatever its length up to this.
constexpr size_t kLongestContextWord = 256;

// A place where context words start, and the sets and end of the longest word there.
struct ContextHit {
  size_t start;
  size_t end;
  uint64_t sets;
};

// Where a candidate's rule looks for words: those that start in [from, to).
struct Window {
  size_t from = 0, to = 0;
};

// Who asks about a window's words: a candidate of `entry`. A word counts for it unless it is a
// mention of that entry (the candidate itself, or the same name elsewhere: `mentions`, sorted by
// start): a term doesn't confirm itself (`BIS` is also an export-context word, `Blackwell` a
// chip-context word, and "Blackwell passed to Blackwell" is about neither).
struct Asker {
  uint32_t entry;
  const std::vector<Match>& mentions;
  bool Counts(size_t start, size_t end) const {
    auto it = std::lower_bound(mentions.begin(), mentions.end(), start,
                               [](const Match& m, size_t pos) { return m.start < pos; });
    for (; it != mentions.end() && it->start == start; ++it) {
      if (it->entry == entry && it->end >= end) return false;
    }
    return true;
  }
};

// Context words in the given windows (sorted by start, merged, disjoint), found by the
// combined context program, for when there is no automaton: at each place the longest word
// counts, with every set it belongs to; words starting at different places may overlap.
template <typename SetsOf>
std::vector<ContextHit> ContextHitsIn(const std::vector<std::pair<size_t, size_t>>& windows,
                                      const TermProgram& program, std::string_view text,
                                      SetsOf&& sets_of) {
  std::vector<ContextHit> hits;
  for (const auto& [from, to] : windows) {
    // A word that starts before `to` and is at most kLongestContextWord long ends by this.
    const size_t search_limit = std::min(text.size(), to + kLongestContextWord);
    for (size_t pos = from, s; program.NextStart(text, pos, to, search_limit, &s); pos = s + 1) {
      if (!LeftEdgeOk(text, s)) continue;
      const size_t limit = std::min(text.size(), s + kLongestContextWord);
      size_t end = s;
      if (uint64_t sets = program.SetsAt(text, s, limit, {}, {}, sets_of, &end)) {
        hits.push_back({s, end, sets});
      }
    }
  }
  return hits;
}

// Context words found by the automaton in the windows, settled only when a window asks about
// them, and each place once: a window stops at the first word of a set it wants.
class ContextIndex {
 public:
  ContextIndex(const Candidates& candidates, const TermProgram& program, std::string_view text)
      : candidates_(candidates), program_(program), text_(text), known_(candidates.size()) {}

  // True if a word of one of `sets` counts in `window` for `asker`.
  bool Any(uint64_t sets, const Window& window, const Asker& asker) {
    auto it = std::lower_bound(candidates_.begin(), candidates_.end(), window.from,
                               [](const Candidate& c, size_t pos) { return c.start < pos; });
    while (it != candidates_.end() && it->start < window.to) {
      auto group_end = it;
      while (group_end != candidates_.end() && group_end->start == it->start) ++group_end;
      Known& known = known_[static_cast<size_t>(it - candidates_.begin())];
      if (known.possible == 0) {
        // The sets of the alternatives with an atom here (every word is in one set at least):
        // the word settled here belongs to some of them, so a window that wants none of them
        // needn't settle it.
        for (auto c = it; c != group_end; ++c) known.possible |= program_.mask(c->alternative);
      }
      if ((known.possible & sets) == 0) {
        it = group_end;
        continue;
      }
      if (!known.settled) {
        const size_t s = it->start;
        // The automaton reports atoms only where the left edge is fine.
        known.sets = program_.SetsAt(
            text_, s, std::min(text_.size(), s + kLongestContextWord), it, group_end,
            [](size_t, size_t) { return uint64_t{0}; }, &known.end);
        known.settled = true;
      }
      if ((known.sets & sets) && asker.Counts(it->start, known.end)) return true;
      it = group_end;
    }
    return false;
  }

 private:
  struct Known {
    bool settled = false;
    uint64_t possible = 0;  // the sets of the group's alternatives (0: not worked out yet)
    uint64_t sets = 0;
    size_t end = 0;
  };
  const Candidates& candidates_;
  const TermProgram& program_;
  std::string_view text_;
  std::vector<Known> known_;  // per group, at its first candidate
};

// True if a hit of one of `sets` counts in `window` for `asker`.
bool AnyHit(const std::vector<ContextHit>& hits, uint64_t sets, const Window& window,
            const Asker& asker) {
  auto it = std::lower_bound(hits.begin(), hits.end(), window.from,
                             [](const ContextHit& h, size_t pos) { return h.start < pos; });
  for (; it != hits.end() && it->start < window.to; ++it) {
    if ((it->sets & sets) && asker.Counts(it->start, it->end)) return true;
  }
  return false;
}

// How far apart windows may be and still be scanned as one range by the context automaton.
constexpr size_t kWindowGap = 64;

// Sorts windows and merges those that overlap, touch or are at most `gap` bytes apart.
void MergeWindows(std::vector<std::pair<size_t, size_t>>* windows, size_t gap = 0) {
  std::sort(windows->begin(), windows->end());
  size_t out = 0;
  for (const auto& window : *windows) {
    if (out > 0 && window.first <= (*windows)[out - 1].second + gap) {
      (*windows)[out - 1].second = std::max((*windows)[out - 1].second, window.second);
    } else {
      (*windows)[out++] = window;
    }
  }
  windows->resize(out);
}

// An RE2::Set of alternatives, anchored at both ends, compiled the first time it is needed
// (safely from several threads). Every alternative has compiled before, inside a TermProgram,
// so adding it can't fail.
class LazySet {
 public:
  void Add(std::string alternative) { pending_.push_back(std::move(alternative)); }
  const re2::RE2::Set& Get() const {
    std::call_once(once_, [this] {
      set_ = std::make_unique<re2::RE2::Set>(TermOptions(pending_.size()), re2::RE2::ANCHOR_BOTH);
      for (const std::string& alternative : pending_) set_->Add(alternative, nullptr);
      set_->Compile();
    });
    return *set_;
  }

 private:
  std::vector<std::string> pending_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<re2::RE2::Set> set_;
};

uint64_t MaskOf(const std::vector<size_t>& sets) {
  uint64_t mask = 0;
  for (size_t set : sets) mask |= uint64_t{1} << set;
  return mask;
}

}  // namespace

struct Matcher::Compiled {
  TermProgram terms;
  std::vector<uint32_t> alternative_entry;  // per alternative of `terms`

  // Without the automaton, which entry RE2's match belongs to: a name's key first, else the
  // alternatives that match the text exactly (a set built on first use).
  LazySet alternatives;
  std::unordered_map<std::string, uint32_t> name_to_entry;

  // Every context set's words in one program; a word maps to the bit mask of its sets.
  // Mutable: its combined program is compiled on first need if the automaton can't be built.
  mutable TermProgram context_words;
  // Without the automaton, the sets of RE2's match: by name, then by pattern.
  mutable std::unordered_map<std::string, uint64_t> context_name_sets;
  mutable LazySet context_patterns;
  mutable std::vector<uint64_t> context_pattern_sets;
  std::vector<uint64_t> any_of_mask, none_of_mask;  // per entry

  std::vector<bool> reported;  // per entry: in a requested category

  // Candidate finders, where the programs' atoms are known: terms over the whole text, context
  // words only over the windows that ambiguous candidates ask about.
  std::unique_ptr<PrefixAutomaton> terms_automaton;
  // Context words are made ready the first time a scan needs them (many texts never do, and
  // they are most of a lexicon's words): their program, and their automaton or, without one,
  // their combined program. Eagerly when the automaton is off, so that errors come at once.
  const Lexicon* lexicon = nullptr;
  bool use_prefilter = true;
  size_t block_bytes = 1;
  mutable std::once_flag context_once;
  mutable std::unique_ptr<PrefixAutomaton> context_automaton;

  // The context words' automaton, or nullptr when their combined program is to be used.
  const PrefixAutomaton* ContextAutomaton() const {
    std::call_once(context_once, [this] { PrepareContext(); });
    return context_automaton.get();
  }
  const TermProgram& ContextWords() const {
    ContextAutomaton();
    return context_words;
  }

  // The built-in lexicon's context automaton, built at build time; empty otherwise.
  std::string_view prebuilt_context;

  void PrepareContext() const {
    // The words, each once: a word listed in several sets is one alternative with all their
    // bits, found and settled once.
    struct Word {
      const std::string* text;
      std::optional<std::vector<std::string>> tokens;
      bool case_sensitive;
      uint64_t sets;
      size_t set, index;  // where it is first listed
    };
    std::vector<Word> words;
    std::unordered_map<std::string, size_t> index_of;
    const auto& sets = lexicon->contexts();
    for (size_t k = 0; k < sets.size(); ++k) {
      const ContextSet& set = sets[k];
      const uint64_t bit = uint64_t{1} << k;
      auto add = [&](std::string key, const std::string& text,
                     std::optional<std::vector<std::string>> tokens, size_t index) {
        auto [it, added] = index_of.emplace(std::move(key), words.size());
        if (added) {
          words.push_back({&text, std::move(tokens), set.case_sensitive, bit, k, index});
        } else {
          words[it->second].sets |= bit;
        }
      };
      for (size_t n = 0; n < set.names.size(); ++n) {
        std::vector<std::string> tokens = NameTokens(set.names[n]);
        std::string key = NameWordKey(tokens, set.case_sensitive);
        add(std::move(key), set.names[n], std::move(tokens), n);
      }
      for (size_t n = 0; n < set.patterns.size(); ++n) {
        add(std::string(set.case_sensitive ? "ps" : "pi") + set.patterns[n], set.patterns[n],
            std::nullopt, n);
      }
    }
    if (use_prefilter && !prebuilt_context.empty()) {
      context_automaton = PrefixAutomaton::Deserialize(prebuilt_context, words.size());
    }
    const bool prebuilt = context_automaton != nullptr;
    for (Word& word : words) {
      const uint64_t priority = word.set;
      if (prebuilt) {
        context_words.AddPrebuilt(*word.text, std::move(word.tokens), word.case_sensitive, priority,
                                  word.sets);
      } else {
        const bool is_name = word.tokens.has_value();
        AddAlternative(&context_words, *word.text, std::move(word.tokens), word.case_sensitive,
                       priority, word.sets, "contexts." + sets[word.set].name,
                       is_name ? "names" : "patterns", word.index);
      }
    }
    if (!prebuilt && use_prefilter && context_words.prefixable()) {
      std::vector<PrefixAutomaton::Atom> atoms;
      context_words.MoveAtomsTo(&atoms);
      context_automaton = PrefixAutomaton::Build(atoms);
      if (!context_automaton) {
        context_words.NoAutomaton("contexts: too many context words for the prefix automaton");
      }
    }
    if (context_automaton) {
      context_words.PrepareAlternatives();
    } else {
      // The lexicon's checks have compiled every pattern alone, so this compiles.
      PrepareCombinedContext();
    }
  }

  // Readies the terms for RE2 alone: the combined program and what maps its matches back.
  void PrepareCombinedTerms() {
    terms.CompileCombined("the combined program");
    for (size_t a = 0; a < terms.size(); ++a) {
      alternatives.Add(terms.Regex(a));
      if (terms.is_name(a)) name_to_entry.emplace(NameKey(terms.source(a)), alternative_entry[a]);
    }
  }
  void PrepareCombinedContext() const {
    context_words.CompileCombined("the combined context program");
    for (size_t a = 0; a < context_words.size(); ++a) {
      const uint64_t sets = context_words.mask(a);
      if (context_words.is_name(a)) {
        context_name_sets[NameKey(context_words.source(a))] |= sets;
      } else {
        context_patterns.Add(context_words.Regex(a));
        context_pattern_sets.push_back(sets);
      }
    }
  }

  // The context sets that the word text[s, e) belongs to.
  uint64_t ContextSetsOf(std::string_view text, size_t s, size_t e) const {
    std::string key;
    NameKeyInto(text.substr(s, e - s), &key);
    auto it = context_name_sets.find(key);
    uint64_t mask = it == context_name_sets.end() ? 0 : it->second;
    if (!context_pattern_sets.empty()) {
      std::vector<int> hits;
      context_patterns.Get().Match(re2::StringPiece(text.data() + s, e - s), &hits);
      for (int h : hits) mask |= context_pattern_sets[h];
    }
    return mask;
  }

  // The entry of a match that the automaton didn't resolve: a name's key first, else the
  // alternatives that match the text exactly (a literal name beats a pattern, then the entry
  // listed first).
  std::optional<uint32_t> EntryOf(std::string_view matched, std::string* key,
                                  std::vector<int>* hits) const {
    NameKeyInto(matched, key);
    if (auto named = name_to_entry.find(*key); named != name_to_entry.end()) return named->second;
    hits->clear();
    if (!alternatives.Get().Match(re2::StringPiece(matched.data(), matched.size()), hits) ||
        hits->empty()) {
      return std::nullopt;  // can't happen: the text matched one of these alternatives
    }
    int best = *std::min_element(hits->begin(), hits->end(), [&](int a, int b) {
      if (terms.is_name(a) != terms.is_name(b)) return terms.is_name(a);
      return alternative_entry[a] < alternative_entry[b];
    });
    return alternative_entry[best];
  }
};

namespace {

// The built-in lexicon's automata, as core/tools/builtin_tables.cc stores them (from
// Matcher::SerializedAutomata): a tag, then the terms' and the context words' automata as
// texts (core/src/byte_io.h).
constexpr std::string_view kAutomataTag = "chiplight-automata-2";

}  // namespace

Matcher::Matcher(std::shared_ptr<const Lexicon> lexicon, MatcherOptions options)
    : lexicon_(std::move(lexicon)), compiled_(std::make_unique<Compiled>()) {
  const auto& entries = lexicon_->entries();
  if (lexicon_->contexts().size() > 64) {
    throw LexiconError("contexts: at most 64 context sets are supported");
  }
  auto requested = [&](Category c) {
    return options.categories.empty() ||
           std::find(options.categories.begin(), options.categories.end(), c) !=
               options.categories.end();
  };
  Compiled& c = *compiled_;
  c.lexicon = lexicon_.get();
  c.use_prefilter = options.use_prefilter;
  c.block_bytes = std::max<size_t>(1, options.block_bytes);
  // The built-in lexicon's automata were built with the library (core/tools/builtin_tables.cc):
  // then nothing needs to be worked out here but the alternatives' list.
  if (options.use_prefilter && lexicon_->built_in()) {
    ByteReader stored(BuiltinAutomata());
    if (stored.Raw(kAutomataTag.size()) == kAutomataTag) {
      const std::string_view terms = stored.Raw(stored.Count());
      const std::string_view context = stored.Raw(stored.Count());
      size_t alternatives = 0;
      for (const Entry& e : entries) alternatives += e.names.size() + e.patterns.size();
      if (stored.ok() && stored.AtEnd() && !context.empty()) {
        c.terms_automaton = PrefixAutomaton::Deserialize(terms, alternatives);
        if (c.terms_automaton) c.prebuilt_context = context;
      }
    }
  }
  const bool prebuilt = c.terms_automaton != nullptr;
  c.reported.resize(entries.size());
  c.any_of_mask.resize(entries.size());
  c.none_of_mask.resize(entries.size());
  // Every entry is matched, whatever the categories: results are a full scan's, filtered.
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    c.reported[i] = requested(e.category);
    if (e.context) {
      c.any_of_mask[i] = MaskOf(e.context->any_of);
      c.none_of_mask[i] = MaskOf(e.context->none_of);
    }
    // A literal name beats a pattern for the same text, then the entry listed first.
    const uint64_t name_priority = i, pattern_priority = (uint64_t{1} << 32) | i;
    const std::string owner = prebuilt ? "" : "entries[" + std::to_string(i) + "] (" + e.id + ")";
    for (size_t n = 0; n < e.names.size(); ++n) {
      if (prebuilt) {
        c.terms.AddPrebuilt(e.names[n], NameTokens(e.names[n]), e.case_sensitive, name_priority,
                            /*mask=*/0);
      } else {
        AddAlternative(&c.terms, e.names[n], NameTokens(e.names[n]), e.case_sensitive,
                       name_priority, /*mask=*/0, owner, "names", n);
      }
      c.alternative_entry.push_back(i);
    }
    for (size_t p = 0; p < e.patterns.size(); ++p) {
      if (prebuilt) {
        c.terms.AddPrebuilt(e.patterns[p], std::nullopt, e.case_sensitive, pattern_priority,
                            /*mask=*/0);
      } else {
        AddAlternative(&c.terms, e.patterns[p], std::nullopt, e.case_sensitive, pattern_priority,
                       /*mask=*/0, owner, "patterns", p);
      }
      c.alternative_entry.push_back(i);
    }
  }
  if (!prebuilt && options.use_prefilter && c.terms.prefixable()) {
    std::vector<PrefixAutomaton::Atom> atoms;
    c.terms.MoveAtomsTo(&atoms);
    c.terms_automaton = PrefixAutomaton::Build(atoms);
    if (!c.terms_automaton) c.terms.NoAutomaton("entries: too many names for the prefix automaton");
  }
  if (c.terms_automaton) {
    c.terms.PrepareAlternatives();
  } else {
    c.PrepareCombinedTerms();
  }
  if (!options.use_prefilter) c.ContextAutomaton();
}

std::string Matcher::SerializedAutomata() const {
  const Compiled& c = *compiled_;
  const PrefixAutomaton* context = c.ContextAutomaton();
  if (!c.terms_automaton || !context) return "";
  ByteWriter out;
  out.Raw(kAutomataTag);
  out.Text(c.terms_automaton->Serialize());
  out.Text(context->Serialize());
  return out.Take();
}

ContextMargin Matcher::context_margin() const {
  const size_t window = lexicon_->max_context_window();
  if (window == 0) return {};
  return {window, kLongestContextWord};
}

bool Matcher::prebuilt() const { return !compiled_->prebuilt_context.empty(); }

Matcher::~Matcher() = default;

bool Matcher::prefiltered() const { return compiled_->terms_automaton != nullptr; }

std::string Matcher::SlowPathReason() const {
  const Compiled& c = *compiled_;
  if (!c.use_prefilter) return "";  // RE2 alone on request: nothing to explain
  if (!c.terms.unprefixable().empty()) return c.terms.unprefixable();
  if (!c.ContextWords().unprefixable().empty()) return c.ContextWords().unprefixable();
  return "";
}

std::vector<Match> Matcher::Scan(std::string_view utf8) const {
  const Compiled& c = *compiled_;
  const auto& entries = lexicon_->entries();
  FoldedText folded(utf8);
  const std::string_view text = folded.view();
  std::string key;
  std::vector<int> hits;

  // The text is read in blocks (MatcherOptions::block_bytes): each is searched for terms (pass
  // 1) and, as soon as their windows lie within what has been read, its ambiguous candidates'
  // context is checked (pass 2), while the block is still in the processor's cache. Pass 2 of a
  // candidate depends only on pass 1's results, so this gives exactly the results of two whole
  // passes. RE2 alone reads the text as one block: each of its searches goes on to the next
  // match, wherever that is, so a block without one would search past it for every block after.
  const size_t block_bytes = c.terms_automaton ? c.block_bytes : text.size();

  // Pass 1's results so far (every candidate and its entry, in folded offsets), and what each
  // still needs to know: its windows, empty when it has none.
  std::vector<Match> candidates;
  struct Pending {
    Window none;          // disqualifying window (empty: none)
    Window any;           // confirming window (empty: no confirmation needed, or had already)
    size_t ready_at = 0;  // pass 2 can run once pass 1 has covered the text before this
  };
  std::vector<Pending> pending;
  // Candidates without a rule, in order. Only they confirm a category near another candidate:
  // a confirmation never depends on another's, so results don't depend on the order of checks
  // (or on blocks).
  std::vector<uint32_t> confirmed;
  auto near_category = [&](const ContextRule& rule, size_t from, size_t to) {
    auto it = std::lower_bound(confirmed.begin(), confirmed.end(), from,
                               [&](uint32_t x, size_t pos) { return candidates[x].end <= pos; });
    for (; it != confirmed.end() && candidates[*it].start < to; ++it) {
      Category category = entries[candidates[*it].entry].category;
      if (std::find(rule.categories.begin(), rule.categories.end(), category) !=
          rule.categories.end()) {
        return true;
      }
    }
    return false;
  };

  std::vector<Match> result;
  Candidates found_atoms, context_candidates;
  std::vector<std::pair<size_t, size_t>> windows;
  std::vector<ContextHit> context_hits;
  // Pass 2 for candidates [settled, ready): each is kept unless a disqualifying word is near or
  // it lacks a confirmation.
  size_t settled = 0;
  auto settle = [&](size_t ready) {
    windows.clear();
    for (size_t i = settled; i < ready; ++i) {
      const Match& candidate = candidates[i];
      const auto& rule = entries[candidate.entry].context;
      Pending& p = pending[i];
      if (!rule) continue;
      if (p.none.to > p.none.from) windows.emplace_back(p.none.from, p.none.to);
      if (p.any.to > p.any.from) {
        if (near_category(*rule, p.any.from, p.any.to)) {
          p.any = {};  // confirmed by a match of a confirming category
        } else if (c.any_of_mask[candidate.entry]) {
          windows.emplace_back(p.any.from, p.any.to);
        }
      }
    }
    // Context words in the windows' union: the automaton's candidates there, settled as
    // windows ask; or, without an automaton, every word there found by the combined program.
    // The automaton scans past each range's end for the words that start in it, and restarts
    // at every range: windows a few bytes apart are cheaper scanned as one (the words between
    // are found but never asked about).
    const PrefixAutomaton* context_automaton = windows.empty() ? nullptr : c.ContextAutomaton();
    MergeWindows(&windows, context_automaton ? kWindowGap : 0);
    std::optional<ContextIndex> index;
    if (context_automaton) {
      context_automaton->CollectRanges(text, windows, &context_candidates);
      index.emplace(context_candidates, c.context_words, text);
    } else if (!windows.empty()) {
      context_hits = ContextHitsIn(windows, c.context_words, text,
                                   [&](size_t s, size_t e) { return c.ContextSetsOf(text, s, e); });
    }
    for (size_t i = settled; i < ready; ++i) {
      const Match& candidate = candidates[i];
      const Pending& p = pending[i];
      const Asker asker{candidate.entry, candidates};
      auto any_word = [&](uint64_t sets, const Window& window) {
        if (window.to <= window.from || sets == 0) return false;
        return index ? index->Any(sets, window, asker) : AnyHit(context_hits, sets, window, asker);
      };
      if (any_word(c.none_of_mask[candidate.entry], p.none)) continue;
      // Still to be confirmed, by a word (none can if its rule lists no words).
      if (p.any.to > p.any.from && !any_word(c.any_of_mask[candidate.entry], p.any)) continue;
      if (!c.reported[candidate.entry]) continue;
      result.push_back(
          {folded.ToOriginal(candidate.start), folded.ToOriginal(candidate.end), candidate.entry});
    }
    settled = ready;
  };

  Found m;
  size_t from = 0;  // where the next term may start: after the last one
  for (size_t block = 0, block_end; block < text.size(); block = block_end) {
    block_end = block + std::min(block_bytes, text.size() - block);
    // Pass 1 over the block: every term that starts in it, settled against the whole text.
    const Candidates* term_candidates = nullptr;
    size_t cursor = 0;
    if (c.terms_automaton) {
      c.terms_automaton->CollectRanges(text, {{block, block_end}}, &found_atoms);
      term_candidates = &found_atoms;
    }
    const size_t first_new = candidates.size();
    while (from < block_end && c.terms.Find(text, std::max(from, block), block_end, text.size(),
                                            term_candidates, &cursor, &m)) {
      from = m.end;
      std::optional<uint32_t> entry;
      if (m.alternative >= 0) {
        entry = c.alternative_entry[static_cast<size_t>(m.alternative)];
      } else {
        entry = c.EntryOf(text.substr(m.start, m.end - m.start), &key, &hits);
      }
      if (entry) candidates.push_back({m.start, m.end, *entry});
    }
    // The new candidates' windows.
    pending.resize(candidates.size());
    for (size_t i = first_new; i < candidates.size(); ++i) {
      const Match& candidate = candidates[i];
      Pending& p = pending[i];
      p.ready_at = candidate.end;
      if (!entries[candidate.entry].context) {
        confirmed.push_back(static_cast<uint32_t>(i));
        continue;
      }
      const ContextRule& rule = *entries[candidate.entry].context;
      if (c.none_of_mask[candidate.entry]) {
        p.none = {StepBack(text, candidate.start, rule.none_window),
                  StepForward(text, candidate.end, rule.none_window)};
        p.ready_at = std::max(p.ready_at, p.none.to);
      }
      if (rule.requires_confirmation()) {
        const size_t window_from = StepBack(text, candidate.start, rule.window);
        const size_t window_to = StepForward(text, candidate.end, rule.window);
        p.any = {window_from, window_to};
        p.ready_at = std::max(p.ready_at, window_to);
      }
    }
    // Pass 2 for the candidates whose windows pass 1 has covered: every term starting before
    // the block's end is known.
    size_t ready = settled;
    while (ready < candidates.size() &&
           (block_end == text.size() || pending[ready].ready_at <= block_end)) {
      ++ready;
    }
    if (ready > settled) settle(ready);
  }
  return result;
}

}  // namespace chiplight
