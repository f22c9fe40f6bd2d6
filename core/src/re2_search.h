// Internal: the RE2-alone search strategy (search.h). One RE2 program of the whole alternation
// searches the text; what it finds is then mapped back to its entry or its context sets. Used
// when MatcherOptions turns the automaton off (for comparisons: the same results, slower), and
// when an alternative's literal prefixes can't be derived or the automaton would be too large.
#ifndef CHIPLIGHT_RE2_SEARCH_H_
#define CHIPLIGHT_RE2_SEARCH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "alternation.h"
#include "chiplight/lexicon.h"
#include "context_words.h"
#include "name_tokens.h"
#include "search.h"

namespace chiplight {
// Internal linkage, as when this was part of matcher.cc (its only includer): GCC inlines a
// function called once only if it is static, and the scan's inner loops rely on that.
namespace {

// One RE2 program of an alternation's every alternative, matched leftmost-longest with the
// word-edge rule and at most a given length (kLongestTerm, kLongestContextWord): what the
// automaton's candidates and the alternatives' own programs find together (alternation.h),
// found without them.
class CombinedProgram {
 public:
  // Throws LexiconError (prefixed with `what`) if RE2 rejects the program.
  CombinedProgram(const Alternation& alternation, const std::string& what)
      : size_(alternation.size()) {
    for (size_t a = 0; a < alternation.size(); ++a) {
      if (!pattern_.empty()) pattern_ += '|';
      pattern_ += alternation.Regex(a);
    }
    if (pattern_.empty()) pattern_ = "[^\\x00-\\x{10FFFF}]";
    program_ = std::make_unique<re2::RE2>(pattern_, TermOptions(size_));
    if (!program_->ok()) throw LexiconError(what + ": " + program_->error());
  }

  // The first match that starts in text[from, to), at most `longest` bytes long and ending by
  // `limit`, whose edges satisfy the word-edge rule (judged against the whole text).
  // `found->alternative` is -1.
  bool Find(std::string_view text, size_t from, size_t to, size_t limit, size_t longest,
            Found* found) const {
    size_t s, end;
    while (NextStart(text, from, to, limit, longest, &s, &end)) {
      // The search found the longest match here (ending by its window's end): LongestAt checks
      // its length and right edge.
      if (LeftEdgeOk(text, s) && LongestAt(text, s, std::min(limit, s + longest), found, end)) {
        return true;
      }
      from = s + 1;
    }
    return false;
  }

  // The first place in [from, to) where some alternative matches, reading at most `longest`
  // bytes past the place in search of the match's end (and not past `limit`); `end` is the end
  // of the longest match RE2 found there (maybe longer than `longest`). In windows
  // (WindowedNextStart): a text is read about once however many places are found.
  bool NextStart(std::string_view text, size_t from, size_t to, size_t limit, size_t longest,
                 size_t* start, size_t* end) const {
    size_t searched_to;
    return WindowedNextStart(*program_, text, from, to, limit, longest, SIZE_MAX, start, end,
                             &searched_to);
  }

  // The longest match at `s` (ending by `bound`) whose right edge is fine. `longest`, if known
  // (past `s`), is the end of the longest match at `s` (which may end past `bound`).
  bool LongestAt(std::string_view text, size_t s, size_t bound, Found* found,
                 size_t longest = 0) const {
    const re2::RE2* edge_program = edge_program_.Get([this] { return EdgeRegex(pattern_); }, size_);
    if (edge_program == nullptr) return false;
    const size_t e = LongestValidEnd(
        *program_, [&] { return edge_program; }, text, s, bound, longest);
    if (e == s) return false;
    *found = {s, e, -1, 0};
    return true;
  }

 private:
  std::string pattern_;
  size_t size_;
  std::unique_ptr<re2::RE2> program_;
  LazyProgram edge_program_;  // EdgeRegex(pattern_), on the first match whose edge isn't fine
};

// An RE2::Set of alternatives, anchored at both ends, compiled the first time it is needed
// (safely from several threads). Every alternative has compiled before, inside a CombinedProgram,
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

// Terms: the combined program reads the text as one block (each of its searches goes on to the
// next match, wherever that is, so a block without one would search past it for every block
// after). A match's entry is a name's, by its key, else that of the alternatives that match the
// text exactly (a set compiled on first use).
class Re2TermSearch final : public TermSearch {
 public:
  // `terms` and `alternative_entry` (the entry of each alternative) must outlive this. Throws
  // LexiconError if RE2 rejects the combined program.
  Re2TermSearch(const Alternation& terms, const std::vector<uint32_t>& alternative_entry)
      : terms_(terms),
        alternative_entry_(alternative_entry),
        program_(terms, "the combined program") {
    for (size_t a = 0; a < terms.size(); ++a) {
      alternatives_.Add(terms.Regex(a));
      if (terms.is_name(a)) name_to_entry_.emplace(NameKey(terms.source(a)), alternative_entry[a]);
    }
  }

  std::unique_ptr<TermFinder> Start(std::string_view text) const override {
    return std::make_unique<Finder>(*this, text);
  }
  size_t BlockBytes(size_t, size_t text_size) const override { return text_size; }

 private:
  class Finder final : public TermFinder {
   public:
    Finder(const Re2TermSearch& search, std::string_view text) : search_(search), text_(text) {}
    void FindIn(size_t block, size_t block_end, size_t* from, std::vector<Match>* terms) override {
      Found found;
      while (*from < block_end && search_.program_.Find(text_, std::max(*from, block), block_end,
                                                        text_.size(), kLongestTerm, &found)) {
        *from = found.end;
        if (auto entry = search_.EntryOf(text_.substr(found.start, found.end - found.start), &key_,
                                         &hits_)) {
          terms->push_back({found.start, found.end, *entry});
        }
      }
    }

   private:
    const Re2TermSearch& search_;
    std::string_view text_;
    std::string key_;        // scratch
    std::vector<int> hits_;  // scratch
  };

  // The entry of `matched`: a name's key first, else the alternatives that match the text
  // exactly (a literal name beats a pattern, then the entry listed first).
  std::optional<uint32_t> EntryOf(std::string_view matched, std::string* key,
                                  std::vector<int>* hits) const {
    NameKeyInto(matched, key);
    if (auto named = name_to_entry_.find(*key); named != name_to_entry_.end()) {
      return named->second;
    }
    hits->clear();
    if (!alternatives_.Get().Match(re2::StringPiece(matched.data(), matched.size()), hits) ||
        hits->empty()) {
      return std::nullopt;  // can't happen: the text matched one of these alternatives
    }
    int best = *std::min_element(hits->begin(), hits->end(), [&](int a, int b) {
      if (terms_.is_name(a) != terms_.is_name(b)) return terms_.is_name(a);
      return alternative_entry_[a] < alternative_entry_[b];
    });
    return alternative_entry_[best];
  }

  const Alternation& terms_;
  const std::vector<uint32_t>& alternative_entry_;
  CombinedProgram program_;
  LazySet alternatives_;
  std::unordered_map<std::string, uint32_t> name_to_entry_;
};

// Context words: every word in the ranges, found by the combined program; at each place the
// longest word counts, with every set it belongs to (those of the names that match it exactly,
// found by their key, and of the patterns that do); words starting at different places may
// overlap. The same sets as the automaton's search (ContextIndex) gives.
class Re2ContextWordSearch final : public ContextWordSearch {
 public:
  // `words` must outlive this. Throws LexiconError if RE2 rejects the combined program.
  explicit Re2ContextWordSearch(const Alternation& words)
      : words_(words), program_(words, "the combined context program") {
    for (size_t a = 0; a < words.size(); ++a) {
      const uint64_t sets = words.mask(a);
      if (words.is_name(a)) {
        names_of_key_[NameKey(words.source(a))].push_back(a);
      } else {
        patterns_.Add(words.Regex(a));
        pattern_sets_.push_back(sets);
      }
    }
  }

  std::unique_ptr<ContextWordFinder> Start(std::string_view text) const override {
    return std::make_unique<Finder>(*this, text);
  }

 private:
  // A place where context words start, and the sets and end of the longest word there.
  struct Hit {
    size_t start;
    size_t end;
    uint64_t sets;
  };

  class Finder final : public ContextWordFinder {
   public:
    Finder(const Re2ContextWordSearch& search, std::string_view text)
        : search_(search), text_(text) {}
    void FindIn(std::vector<std::pair<size_t, size_t>>* ranges) override {
      MergeWindows(ranges);
      hits_.clear();
      for (const auto& [from, to] : *ranges) {
        // A word that starts before `to` and is at most kLongestContextWord long ends by this.
        const size_t search_limit = std::min(text_.size(), to + kLongestContextWord);
        for (size_t pos = from, s, end; search_.program_.NextStart(text_, pos, to, search_limit,
                                                                   kLongestContextWord, &s, &end);
             pos = s + 1) {
          if (!LeftEdgeOk(text_, s)) continue;
          Found word;
          if (!search_.program_.LongestAt(text_, s, std::min(text_.size(), s + kLongestContextWord),
                                          &word, end)) {
            continue;
          }
          if (uint64_t sets = search_.SetsOf(text_, word.start, word.end)) {
            hits_.push_back({word.start, word.end, sets});
          }
        }
      }
    }
    bool Any(uint64_t sets, const Window& window, const Asker& asker) override {
      auto it = std::lower_bound(hits_.begin(), hits_.end(), window.from,
                                 [](const Hit& h, size_t pos) { return h.start < pos; });
      for (; it != hits_.end() && it->start < window.to; ++it) {
        if ((it->sets & sets) && asker.Counts(it->start, it->end)) return true;
      }
      return false;
    }
    void Count(uint64_t sets, std::vector<uint32_t>* counts) override {
      for (const Hit& hit : hits_) CountSets(hit.sets & sets, counts);
    }

   private:
    const Re2ContextWordSearch& search_;
    std::string_view text_;
    std::vector<Hit> hits_;  // in the last ranges, by start
  };

  // The context sets that the word text[s, e) belongs to.
  uint64_t SetsOf(std::string_view text, size_t s, size_t e) const {
    std::string key;
    NameKeyInto(text.substr(s, e - s), &key);
    uint64_t mask = 0;
    if (auto it = names_of_key_.find(key); it != names_of_key_.end()) {
      // Names of one key may still match different texts ("rain forest", "rainforest").
      for (size_t a : it->second) {
        if (words_.NameMatchIs(a, text, s, e)) mask |= words_.mask(a);
      }
    }
    if (!pattern_sets_.empty()) {
      std::vector<int> hits;
      patterns_.Get().Match(re2::StringPiece(text.data() + s, e - s), &hits);
      for (int h : hits) mask |= pattern_sets_[h];
    }
    return mask;
  }

  const Alternation& words_;
  CombinedProgram program_;
  std::unordered_map<std::string, std::vector<size_t>> names_of_key_;  // name alternatives
  LazySet patterns_;
  std::vector<uint64_t> pattern_sets_;  // per pattern of `patterns_`
};

}  // namespace
}  // namespace chiplight

#endif  // CHIPLIGHT_RE2_SEARCH_H_
