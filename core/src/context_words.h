// Internal: context windows and the context words found in them. An ambiguous term's rule
// looks for words of some context sets that start within a window of code points around it
// (docs/lexicon.md, "Context rules"); the words are found by the context words' alternation
// (automaton_search.h, re2_search.h).
#ifndef CHIPLIGHT_CONTEXT_WORDS_H_
#define CHIPLIGHT_CONTEXT_WORDS_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alternation.h"
#include "chiplight/matcher.h"
#include "folding.h"

namespace chiplight {

// Bytes of text searched for a document's topic (Matcher::Topic, and Scan() when it works the
// topic out itself), since the program started: the tests count the work with it (each scan
// searches its text for the topic once at most, and not at all when given the topic).
inline std::atomic<uint64_t> topic_bytes_searched{0};

// How long a text searched for its topic must be for the page words' own automaton to be built
// (Matcher::Compiled::PageSearch): below, the topic is searched for with all context words,
// with the same counts. The tests set it to 0 to compare the two.
inline std::atomic<size_t> page_search_min_bytes{size_t{8} << 20};

// Internal linkage, as when this was part of matcher.cc (its only includer): GCC inlines a
// function called once only if it is static, and the scan's inner loops rely on that.
namespace {

// Names of context words are the same word when their tokens are (case aside, unless
// case-sensitive): the key that says so.
inline std::string NameWordKey(const std::vector<std::string>& tokens, bool case_sensitive) {
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

// Where a term's rule looks for words: those that start in [from, to).
struct Window {
  size_t from = 0, to = 0;
};

// Who asks about a window's words: a term of `entry`. A word counts for it unless it is a
// mention of that entry (the term itself, or the same name elsewhere: `mentions`, sorted by
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

// Adds one to counts[set] for each set in `sets`.
inline void CountSets(uint64_t sets, std::vector<uint32_t>* counts) {
  for (size_t set = 0; sets != 0; ++set, sets >>= 1) {
    if (sets & 1) ++(*counts)[set];
  }
}

// Context words found by the automaton in the windows, settled only when a window asks about
// them, and each place once: a window stops at the first word of a set it wants.
class ContextIndex {
 public:
  ContextIndex(const Candidates& candidates, const Alternation& program, std::string_view text)
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
        known.sets = program_.SetsAt(text_, std::min(text_.size(), s + kLongestContextWord), it,
                                     group_end, &known.end);
        known.settled = true;
      }
      if ((known.sets & sets) && asker.Counts(it->start, known.end)) return true;
      it = group_end;
    }
    return false;
  }

  // Adds to counts[set], for each set of `sets`, the number of places in the ranges searched where
  // a word of it starts (the longest word at a place counts for each of its sets), for a
  // document's topic. Each place is settled at most once, as for Any().
  void Count(uint64_t sets, std::vector<uint32_t>* counts) {
    for (auto it = candidates_.begin(); it != candidates_.end();) {
      auto group_end = it;
      while (group_end != candidates_.end() && group_end->start == it->start) ++group_end;
      Known& known = known_[static_cast<size_t>(it - candidates_.begin())];
      if (known.possible == 0) {
        for (auto c = it; c != group_end; ++c) known.possible |= program_.mask(c->alternative);
      }
      if ((known.possible & sets) != 0) {
        if (!known.settled) {
          known.sets =
              program_.SetsAt(text_, std::min(text_.size(), it->start + kLongestContextWord), it,
                              group_end, &known.end);
          known.settled = true;
        }
        CountSets(known.sets & sets, counts);
      }
      it = group_end;
    }
  }

 private:
  struct Known {
    bool settled = false;
    uint64_t possible = 0;  // the sets of the group's alternatives (0: not worked out yet)
    uint64_t sets = 0;
    size_t end = 0;
  };
  const Candidates& candidates_;
  const Alternation& program_;
  std::string_view text_;
  std::vector<Known> known_;  // per group, at its first candidate
};

// How far apart windows may be and still be scanned as one range by the context automaton.
constexpr size_t kWindowGap = 64;

// Sorts windows and merges those that overlap, touch or are at most `gap` bytes apart.
inline void MergeWindows(std::vector<std::pair<size_t, size_t>>* windows, size_t gap = 0) {
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

inline uint64_t MaskOf(const std::vector<size_t>& sets) {
  uint64_t mask = 0;
  for (size_t set : sets) mask |= uint64_t{1} << set;
  return mask;
}

}  // namespace
}  // namespace chiplight

#endif  // CHIPLIGHT_CONTEXT_WORDS_H_
