// Internal: how a scan finds terms and context words. Each of the two has two strategies, chosen
// once when the matcher is built: the prefix automaton's candidates (automaton_search.h, the usual
// one), or one RE2 program of the whole alternation alone (re2_search.h: for comparisons, and when
// an alternative's literal prefixes can't be derived). Both give exactly the same results.
#ifndef CHIPLIGHT_SEARCH_H_
#define CHIPLIGHT_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "chiplight/matcher.h"
#include "context_words.h"
#include "prefix_automaton.h"

namespace chiplight {
// Internal linkage, as when this was part of matcher.cc (its only includer): GCC inlines a
// function called once only if it is static, and the scan's inner loops rely on that.
namespace {

// One scan's search for terms (what it keeps between blocks).
class TermFinder {
 public:
  virtual ~TermFinder() = default;
  // Appends to `terms` every term that starts in text[max(*from, block), block_end), settled
  // against the whole text, leftmost-longest: each starts at or after the previous one's end,
  // which `*from` is moved to.
  virtual void FindIn(size_t block, size_t block_end, size_t* from, std::vector<Match>* terms) = 0;
};

// How the lexicon's terms are found.
class TermSearch {
 public:
  virtual ~TermSearch() = default;
  virtual std::unique_ptr<TermFinder> Start(std::string_view text) const = 0;
  // How much of `text_size` bytes to search at a time, given the block size the options ask for.
  virtual size_t BlockBytes(size_t asked, size_t text_size) const = 0;
  // The automaton, if this search uses one.
  virtual const PrefixAutomaton* automaton() const { return nullptr; }
};

// One scan's context words: those found in the ranges that the last FindIn was given.
class ContextWordFinder {
 public:
  virtual ~ContextWordFinder() = default;
  // Finds the context words that start in `ranges` (sorted and merged here).
  virtual void FindIn(std::vector<std::pair<size_t, size_t>>* ranges) = 0;
  // True if a word of one of `sets` that starts in `window` (inside the ranges) counts for
  // `asker`.
  virtual bool Any(uint64_t sets, const Window& window, const Asker& asker) = 0;
  // Adds to counts[set] (one per context set) the places in the ranges where a word of `set`, one
  // of `sets`, starts: a document's topic (ContextIndex::Count).
  virtual void Count(uint64_t sets, std::vector<uint32_t>* counts) = 0;
};

// How the context words are found.
class ContextWordSearch {
 public:
  virtual ~ContextWordSearch() = default;
  virtual std::unique_ptr<ContextWordFinder> Start(std::string_view text) const = 0;
  // The automaton, if this search uses one.
  virtual const PrefixAutomaton* automaton() const { return nullptr; }
};

}  // namespace
}  // namespace chiplight

#endif  // CHIPLIGHT_SEARCH_H_
