// The matcher: finds every mention of every lexicon term in UTF-8 text, in one linear pass.
//
//   auto lexicon = chiplight::Lexicon::BuiltIn();
//   chiplight::Matcher matcher(lexicon);
//   for (const chiplight::Match& m : matcher.Scan(text))
//     std::cout << text.substr(m.start, m.end - m.start) << " -> " << matcher.entry(m).id;
//
// Names and patterns form one alternation, matched leftmost-longest: a literal-prefix automaton
// finds where each alternative could start, names are then compared literally and each pattern
// runs its own RE2 program, compiled the first time a scan needs it (docs/architecture.md).
// The rules (case, full-width forms, separators, word edges, overlaps, context) are in
// docs/lexicon.md. Scan() is const and thread-safe; a Matcher may be shared.
#ifndef CHIPLIGHT_MATCHER_H_
#define CHIPLIGHT_MATCHER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chiplight/lexicon.h"

namespace chiplight {

// One mention: [start, end) are byte offsets into the text given to Scan(); `entry` indexes
// Lexicon::entries().
struct Match {
  size_t start = 0;
  size_t end = 0;
  uint32_t entry = 0;
  friend bool operator==(const Match& a, const Match& b) {
    return a.start == b.start && a.end == b.end && a.entry == b.entry;
  }
};

struct MatcherOptions {
  // Only entries of these categories are reported; empty means all. Matching is the same (a
  // context rule may rely on an entry of another category): the results are exactly a full
  // scan's, filtered.
  std::vector<Category> categories;
  // Find candidate starts with a literal-prefix automaton before confirming them (same
  // results, faster). Off: one RE2 program of the whole alternation, for comparisons and tests.
  bool use_prefilter = true;
  // How much text Scan() searches at a time (bytes, at least 1): a block is searched for terms
  // and its candidates' context checked while it is still in the processor's cache. Smaller
  // blocks cost more per byte (fewer context windows to search together); 1 MiB was fastest
  // on a 20 MiB benchmark, natively and in WebAssembly (docs/performance.md). Results never
  // depend on it; tests vary it to prove that. Without the prefilter the text is one block.
  size_t block_bytes = size_t{1} << 20;
};

// How much text a piece of a document needs on each side, beyond the piece itself, for the
// context rules to judge the piece's candidates as they would in the whole document: the widest
// context window (in code points) plus the longest context word that may start at its edge (in
// bytes of UTF-8). A front end that scans a document in pieces gives each this much text of its
// neighbours on either side (and keeps only the matches inside the piece).
struct ContextMargin {
  size_t code_points = 0;
  size_t bytes = 0;
  // The same in UTF-16 code units (JavaScript strings), an upper bound: a code point is at most
  // two units, and a byte of UTF-8 encodes at most one.
  size_t utf16_units() const { return 2 * code_points + bytes; }
};

// What a document is about, as the context rules' `page` parts see it (docs/lexicon.md, "Page
// topic"): how many words of each context set that a page rule names occur in the whole document
// (sets no page rule names are not counted). Matcher::Topic() works it out; a front end that
// scans a document in pieces works it out once, from the whole text or by adding up the topics of
// consecutive parts cut where no context word spans the cut (a line or paragraph break), and
// passes it to every piece's Scan(), so that each piece is judged as in the whole document.
struct DocumentTopic {
  std::vector<uint32_t> words_per_set;  // indexed like Lexicon::contexts(); may be shorter
  uint32_t words(size_t set) const { return set < words_per_set.size() ? words_per_set[set] : 0; }
  // Adds the words of another part of the same document.
  void Add(const DocumentTopic& part) {
    if (words_per_set.size() < part.words_per_set.size()) {
      words_per_set.resize(part.words_per_set.size());
    }
    for (size_t set = 0; set < part.words_per_set.size(); ++set) {
      words_per_set[set] += part.words_per_set[set];
    }
  }
  friend bool operator==(const DocumentTopic& a, const DocumentTopic& b) {
    for (size_t set = 0; set < std::max(a.words_per_set.size(), b.words_per_set.size()); ++set) {
      if (a.words(set) != b.words(set)) return false;
    }
    return true;
  }
};

class Matcher {
 public:
  // Prepares the lexicon for matching: cheap (no regular expression is compiled) unless the
  // automaton can't be used, when one RE2 program of the whole alternation is compiled. Throws
  // LexiconError if that fails. The lexicon's patterns must have been checked (Lexicon does).
  explicit Matcher(std::shared_ptr<const Lexicon> lexicon, MatcherOptions options = {});
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Every mention in document order. Invalid UTF-8 is tolerated: it never matches, never
  // crashes and never shifts offsets.
  // The rules' page parts see the topic of `utf8` itself, worked out only if a match needs it.
  std::vector<Match> Scan(std::string_view utf8) const;
  // The same, for a piece of a larger document: the page parts see `topic`, the document's.
  std::vector<Match> Scan(std::string_view utf8, const DocumentTopic& topic) const;
  // The topic of a document (or of one part of it, to add up): one linear search of the context
  // words over the whole text. Empty when the lexicon has no page rules.
  DocumentTopic Topic(std::string_view utf8) const;
  // The topic of one part of a document, given with its neighbours' text around it: the words
  // that start in bytes [from, to) of `utf8` (the text around gives them their edges and ends).
  // Parts that tile a document, each with at least context_margin() of text on either side, add
  // up to the whole document's topic exactly, wherever they are cut.
  DocumentTopic Topic(std::string_view utf8, size_t from, size_t to) const;

  const Lexicon& lexicon() const { return *lexicon_; }
  // Whether the terms' prefix automaton is in use.
  bool prefiltered() const;
  // Empty, or why terms or context words are searched by one RE2 program instead of the
  // automaton (results are the same, only slower): the first name or pattern whose literal
  // prefixes couldn't be derived (e.g. "entries[3] (nvidia-a100): patterns[1]"; patterns that
  // start with `.`, a negated class or \p{...} do this), or an automaton that would be too
  // large. Empty too when the automaton was turned off by MatcherOptions.
  std::string SlowPathReason() const;
  const Entry& entry(const Match& match) const { return lexicon_->entries()[match.entry]; }
  // See ContextMargin. Zero when the lexicon has no context rules.
  ContextMargin context_margin() const;

 private:
  friend class MatcherTables;  // what the build stores (core/src/matcher_tables.h)
  struct Compiled;
  std::shared_ptr<const Lexicon> lexicon_;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace chiplight

#endif  // CHIPLIGHT_MATCHER_H_
