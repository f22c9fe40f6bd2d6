// Internal: the usual search strategy (search.h). A prefix automaton lists where each
// alternative could start; the alternation settles each place (alternation.h).
#ifndef CHIPLIGHT_AUTOMATON_SEARCH_H_
#define CHIPLIGHT_AUTOMATON_SEARCH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "alternation.h"
#include "context_words.h"
#include "prefix_automaton.h"
#include "search.h"

namespace chiplight {
// Internal linkage, as when this was part of matcher.cc (its only includer): GCC inlines a
// function called once only if it is static, and the scan's inner loops rely on that.
namespace {

// Terms: the automaton's candidates in each block, settled against the whole text.
class AutomatonTermSearch final : public TermSearch {
 public:
  // `terms` (ready for candidates) and `alternative_entry` (the entry of each alternative) must
  // outlive this.
  AutomatonTermSearch(std::unique_ptr<PrefixAutomaton> automaton, const Alternation& terms,
                      const std::vector<uint32_t>& alternative_entry)
      : automaton_(std::move(automaton)), terms_(terms), alternative_entry_(alternative_entry) {}

  std::unique_ptr<TermFinder> Start(std::string_view text) const override {
    return std::make_unique<Finder>(*this, text);
  }
  size_t BlockBytes(size_t asked, size_t) const override { return asked; }
  const PrefixAutomaton* automaton() const override { return automaton_.get(); }

 private:
  class Finder final : public TermFinder {
   public:
    Finder(const AutomatonTermSearch& search, std::string_view text)
        : search_(search), text_(text) {}
    void FindIn(size_t block, size_t block_end, size_t* from, std::vector<Match>* terms) override {
      search_.automaton_->CollectRanges(text_, {{block, block_end}}, &atoms_found_);
      size_t cursor = 0;
      Found found;
      while (*from < block_end &&
             search_.terms_.Find(text_, std::max(*from, block), block_end, text_.size(),
                                 atoms_found_, &cursor, &found, &scan_)) {
        *from = found.end;
        terms->push_back({found.start, found.end,
                          search_.alternative_entry_[static_cast<size_t>(found.alternative)]});
      }
    }

   private:
    const AutomatonTermSearch& search_;
    std::string_view text_;
    Candidates atoms_found_;             // in the current block
    std::vector<AlternativeScan> scan_;  // per alternative, once a pattern's candidate needs it
  };

  std::unique_ptr<PrefixAutomaton> automaton_;
  const Alternation& terms_;
  const std::vector<uint32_t>& alternative_entry_;
};

// Context words: the automaton's candidates in the ranges, settled only when a window asks
// about them (ContextIndex). The automaton scans past each range's end for the words that start
// in it, and restarts at every range: ranges a few bytes apart are cheaper scanned as one (the
// words between are found but never asked about).
class AutomatonContextWordSearch final : public ContextWordSearch {
 public:
  // `words` (ready for candidates) must outlive this.
  AutomatonContextWordSearch(std::unique_ptr<PrefixAutomaton> automaton, const Alternation& words)
      : automaton_(std::move(automaton)), words_(words) {}

  std::unique_ptr<ContextWordFinder> Start(std::string_view text) const override {
    return std::make_unique<Finder>(*this, text);
  }
  const PrefixAutomaton* automaton() const override { return automaton_.get(); }

 private:
  class Finder final : public ContextWordFinder {
   public:
    Finder(const AutomatonContextWordSearch& search, std::string_view text)
        : search_(search), text_(text) {}
    void FindIn(std::vector<std::pair<size_t, size_t>>* ranges) override {
      MergeWindows(ranges, kWindowGap);
      search_.automaton_->CollectRanges(text_, *ranges, &atoms_found_);
      index_.emplace(atoms_found_, search_.words_, text_);
    }
    bool Any(uint64_t sets, const Window& window, const Asker& asker) override {
      return index_->Any(sets, window, asker);
    }
    void Count(uint64_t sets, std::vector<uint32_t>* counts) override {
      index_->Count(sets, counts);
    }

   private:
    const AutomatonContextWordSearch& search_;
    std::string_view text_;
    Candidates atoms_found_;  // in the last ranges
    std::optional<ContextIndex> index_;
  };

  std::unique_ptr<PrefixAutomaton> automaton_;
  const Alternation& words_;
};

}  // namespace
}  // namespace chiplight

#endif  // CHIPLIGHT_AUTOMATON_SEARCH_H_
