#include "chiplight/matcher.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "alternation.h"
#include "automaton_search.h"
#include "builtin_lexicon.h"
#include "byte_io.h"
#include "context_words.h"
#include "folding.h"
#include "matcher_tables.h"
#include "name_tokens.h"
#include "prefix_automaton.h"
#include "re2_search.h"
#include "search.h"
#include "utf8.h"

namespace chiplight {
struct Matcher::Compiled {
  Alternation terms;
  std::vector<uint32_t> alternative_entry;  // per alternative of `terms`
  // Chosen once the terms are known: the automaton's, or RE2 alone if there is no automaton.
  std::unique_ptr<const TermSearch> term_search;

  std::vector<uint64_t> any_of_mask, none_of_mask;      // per entry
  std::vector<uint64_t> page_any_mask, page_none_mask;  // per entry: its page rule's sets
  uint64_t page_sets = 0;                               // every set a page rule names

  // The topic of a (folded) text: the words of the page rules' sets in the whole of it.
  // Of the words that start in folded[from, to).
  // A place counts for the sets of the longest context word there, of all sets (a page word
  // inside a longer word of another set doesn't count), searched for with the page words' own,
  // smaller list (PageSearch).
  DocumentTopic TopicOf(std::string_view folded, size_t from, size_t to) const {
    DocumentTopic topic;
    if (page_sets == 0 || from >= to) return topic;
    topic.words_per_set.assign(lexicon->contexts().size(), 0);
    topic_bytes_searched += to - from;
    // The page words' automaton is built at run time (not stored with the library like the
    // context words'): 2.5 ms natively, ~85 ms in WebAssembly, for a pass 25-35 % cheaper. It pays
    // for itself on long texts only, and is used on any text once it is built.
    const ContextWordSearch* page_only =
        to - from >= page_search_min_bytes || page_ready ? PageSearch() : nullptr;
    std::unique_ptr<ContextWordFinder> finder =
        (page_only ? *page_only : ContextSearch()).Start(folded);
    // A block at a time, so that the words found (a few per line of text) never take more
    // memory than a block's: each block's are counted, then dropped. Blocks tile the range and a
    // word counts in the block where it starts, so this is the count of the whole range.
    std::vector<std::pair<size_t, size_t>> ranges;
    for (size_t block = from; block < to; block += block_bytes) {
      ranges.assign(1, {block, std::min(to, block + block_bytes)});
      finder->FindIn(&ranges);
      finder->Count(page_sets, &topic.words_per_set);
    }
    return topic;
  }
  DocumentTopic TopicOf(std::string_view folded) const { return TopicOf(folded, 0, folded.size()); }
  std::vector<bool> reported;  // per entry: in a requested category

  // Context words are made ready the first time a scan needs them (many texts never do, and
  // they are most of a lexicon's words): their alternation (every context set's words, a word
  // carrying the bit mask of its sets) and how to search it. Eagerly when the automaton is off,
  // so that errors come at once.
  const Lexicon* lexicon = nullptr;
  bool use_prefilter = true;
  size_t block_bytes = 1;
  // The built-in lexicon's context automaton, built at build time; empty otherwise.
  std::string_view prebuilt_context;
  mutable std::once_flag context_once;
  mutable Alternation context_words;
  mutable std::unique_ptr<const ContextWordSearch> context_search;

  const ContextWordSearch& ContextSearch() const {
    std::call_once(context_once, [this] { PrepareContext(); });
    return *context_search;
  }

  class TextScan;

  // The words that a document's topic searches its whole text for (TopicOf): those of the sets
  // that page rules name (986 of the built-in lexicon's 2,320 context words), and of the others
  // only those that could be a longer word at the place where a page word starts (PreparePage).
  // The longest word at each place is then the one the whole list would settle, so the counts
  // are those of all context words. Made ready the first time a topic is worked out; nullptr if
  // there is no automaton for them (the topic then searches for all context words).
  mutable std::once_flag page_once;
  mutable Alternation page_words;
  mutable std::unique_ptr<const ContextWordSearch> page_search;

  mutable std::atomic<bool> page_ready{false};

  const ContextWordSearch* PageSearch() const {
    std::call_once(page_once, [this] {
      PreparePage();
      page_ready = true;
    });
    return page_search.get();
  }

  // A context word, each once: a word listed in several sets is one alternative with all their
  // bits, found and settled once.
  struct ContextWord {
    const std::string* text;
    std::optional<std::vector<std::string>> tokens;  // a name's; nullopt for a pattern
    bool case_sensitive;
    uint64_t sets;
    size_t set, index;  // where it is first listed
  };
  std::vector<ContextWord> ContextWords() const {
    std::vector<ContextWord> words;
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
    return words;
  }

  void PreparePage() const {
    if (!use_prefilter || page_sets == 0) return;
    std::vector<ContextWord> words = ContextWords();
    // What the text of a page word's match begins with, as NameKey has it (ASCII lowercased,
    // full-width folded, separators dropped): a name's key, or a pattern's atoms' (every match
    // of a pattern begins with one of them). A word of another set whose matches could be
    // longer than a page word's at the same place begins with that text, so its key begins
    // with one of these (shadows_page).
    std::unordered_set<std::string> page_starts;
    std::vector<std::optional<std::vector<AlternativeAtom>>> atoms_of(words.size());
    for (size_t w = 0; w < words.size(); ++w) {
      const ContextWord& word = words[w];
      if ((word.sets & page_sets) == 0) continue;
      if (word.tokens) {
        page_starts.insert(NameKey(*word.text));
        continue;
      }
      atoms_of[w] = AtomsOf(*word.text, std::nullopt, word.case_sensitive);
      if (!atoms_of[w]) return;  // no automaton for this page word either
      for (const AlternativeAtom& atom : *atoms_of[w]) page_starts.insert(NameKey(atom.bytes));
    }
    // Patterns of other sets count as able to be longer, whatever they match.
    const auto shadows_page = [&](const ContextWord& word) {
      if (!word.tokens) return true;
      const std::string key = NameKey(*word.text);
      for (size_t length = 0; length <= key.size(); ++length) {
        if (page_starts.count(key.substr(0, length))) return true;
      }
      return false;
    };
    for (size_t w = 0; w < words.size(); ++w) {
      ContextWord& word = words[w];
      if ((word.sets & page_sets) == 0 && !shadows_page(word)) continue;
      auto atoms = atoms_of[w] ? std::move(atoms_of[w])
                               : AtomsOf(*word.text, word.tokens, word.case_sensitive);
      if (!atoms) return;
      page_words.Add(*word.text, std::move(word.tokens), word.case_sensitive, std::move(atoms),
                     word.set, word.sets, "");
    }
    if (!page_words.prefixable()) return;
    std::vector<PrefixAutomaton::Atom> atoms;
    page_words.MoveAtomsTo(&atoms);
    std::unique_ptr<PrefixAutomaton> automaton = PrefixAutomaton::Build(atoms);
    if (!automaton) return;
    page_words.PrepareAlternatives();
    page_search = std::make_unique<AutomatonContextWordSearch>(std::move(automaton), page_words);
  }

  void PrepareContext() const {
    std::vector<ContextWord> words = ContextWords();
    const auto& sets = lexicon->contexts();
    std::unique_ptr<PrefixAutomaton> automaton;
    if (use_prefilter && !prebuilt_context.empty()) {
      automaton = PrefixAutomaton::Deserialize(prebuilt_context, words.size());
    }
    const bool prebuilt = automaton != nullptr;
    for (ContextWord& word : words) {
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
      automaton = PrefixAutomaton::Build(atoms);
      if (!automaton) {
        context_words.NoAutomaton("contexts: too many context words for the prefix automaton");
      }
    }
    if (automaton) {
      context_words.PrepareAlternatives();
      context_search =
          std::make_unique<AutomatonContextWordSearch>(std::move(automaton), context_words);
    } else {
      // The lexicon's checks have compiled every pattern alone, so this compiles.
      context_search = std::make_unique<Re2ContextWordSearch>(context_words);
    }
  }
};

namespace {

// The built-in lexicon's automata, as core/tools/builtin_tables.cc stores them (from
// MatcherTables::SerializedAutomata): a tag, then the terms' and the context words' automata as
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
  std::unique_ptr<PrefixAutomaton> terms_automaton;
  c.lexicon = lexicon_.get();
  c.use_prefilter = options.use_prefilter;
  c.block_bytes = std::max<size_t>(1, options.block_bytes);
  // The built-in lexicon's automata were built with the library (core/tools/builtin_tables.cc),
  // and the packaged listed parties' with their stored tables (core/tools/listed_tables.cc):
  // then nothing needs to be worked out here but the alternatives' list.
  if (options.use_prefilter && !lexicon_->stored_automata_.empty()) {
    ByteReader stored(lexicon_->stored_automata_);
    if (stored.Raw(kAutomataTag.size()) == kAutomataTag) {
      const std::string_view terms = stored.Raw(stored.Count());
      const std::string_view context = stored.Raw(stored.Count());
      size_t alternatives = 0;
      for (const Entry& e : entries) alternatives += e.names.size() + e.patterns.size();
      // The context words' may be left out (the widget's module stores the terms' alone, to be
      // smaller: wasm/widget_tables.mjs); it is then built when first needed, as for any lexicon.
      if (stored.ok() && stored.AtEnd()) {
        terms_automaton = PrefixAutomaton::Deserialize(terms, alternatives);
        if (terms_automaton) c.prebuilt_context = context;
      }
    }
    // Stored listed tables are read whole or refused: a corrupt one is an error, not 1.8 s spent
    // building what it should have held.
    if (!terms_automaton && lexicon_->stored_automata_required_) {
      throw LexiconError("listed tables", "the stored automaton is corrupt or not of this build");
    }
  }
  const bool prebuilt = terms_automaton != nullptr;
  c.reported.resize(entries.size());
  c.any_of_mask.resize(entries.size());
  c.none_of_mask.resize(entries.size());
  c.page_any_mask.resize(entries.size());
  c.page_none_mask.resize(entries.size());
  // Every entry is matched, whatever the categories: results are a full scan's, filtered.
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    c.reported[i] = requested(e.category);
    if (e.context) {
      c.any_of_mask[i] = MaskOf(e.context->any_of);
      c.none_of_mask[i] = MaskOf(e.context->none_of);
      if (e.context->page) {
        c.page_any_mask[i] = MaskOf(e.context->page->any_of);
        c.page_none_mask[i] = MaskOf(e.context->page->none_of);
        c.page_sets |= c.page_any_mask[i] | c.page_none_mask[i];
      }
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
    terms_automaton = PrefixAutomaton::Build(atoms);
    if (!terms_automaton) c.terms.NoAutomaton("entries: too many names for the prefix automaton");
  }
  if (terms_automaton) {
    c.terms.PrepareAlternatives();
    c.term_search = std::make_unique<AutomatonTermSearch>(std::move(terms_automaton), c.terms,
                                                          c.alternative_entry);
  } else {
    c.term_search = std::make_unique<Re2TermSearch>(c.terms, c.alternative_entry);
  }
  if (!options.use_prefilter) c.ContextSearch();
}

std::string MatcherTables::SerializedAutomata(const Matcher& matcher) {
  const Matcher::Compiled& c = *matcher.compiled_;
  const PrefixAutomaton* terms = c.term_search->automaton();
  const PrefixAutomaton* context = c.ContextSearch().automaton();
  if (!terms || !context) return "";
  ByteWriter out;
  out.Raw(kAutomataTag);
  out.Text(terms->Serialize());
  out.Text(context->Serialize());
  return out.Take();
}

ContextMargin Matcher::context_margin() const {
  // max_context_window() is the widest reach before or after a match.
  const size_t window = lexicon_->max_context_window();
  if (window == 0) return {};
  return {window, kLongestContextWord};
}

bool MatcherTables::Prebuilt(const Matcher& matcher) {
  return !matcher.compiled_->prebuilt_context.empty();
}

Matcher::~Matcher() = default;

bool Matcher::prefiltered() const { return compiled_->term_search->automaton() != nullptr; }

std::string Matcher::SlowPathReason() const {
  const Compiled& c = *compiled_;
  if (!c.use_prefilter) return "";  // RE2 alone on request: nothing to explain
  if (!c.terms.unprefixable().empty()) return c.terms.unprefixable();
  c.ContextSearch();
  if (!c.context_words.unprefixable().empty()) return c.context_words.unprefixable();
  return "";
}

// One scan of one text. The text is read in blocks (MatcherOptions::block_bytes): each is
// searched for terms (pass 1) and, as soon as their windows lie within what has been read, the
// context of its ambiguous terms is checked (pass 2), while the block is still in the processor's
// cache. Pass 2 of a term depends only on pass 1's results, so this gives exactly the results of
// two whole passes.
class Matcher::Compiled::TextScan {
 public:
  // `topic`: the document's, or nullptr to work out this text's when a page rule first needs it.
  TextScan(const Compiled& compiled, const std::vector<Entry>& entries, const FoldedText& folded,
           const DocumentTopic* topic)
      : compiled_(compiled),
        entries_(entries),
        folded_(folded),
        text_(folded.view()),
        term_finder_(compiled.term_search->Start(text_)),
        topic_(topic) {}

  std::vector<Match> Run() {
    const size_t block_bytes =
        compiled_.term_search->BlockBytes(compiled_.block_bytes, text_.size());
    for (size_t block = 0, block_end; block < text_.size(); block = block_end) {
      block_end = block + std::min(block_bytes, text_.size() - block);
      // Pass 1 over the block: every term that starts in it, settled against the whole text.
      const size_t first_new = terms_.size();
      term_finder_->FindIn(block, block_end, &next_term_from_, &terms_);
      AddWindows(first_new);
      // Pass 2 for the terms whose windows pass 1 has covered: every term starting before the
      // block's end is known.
      size_t ready = settled_;
      while (ready < terms_.size() &&
             (block_end == text_.size() || needs_[ready].ready_at <= block_end)) {
        ++ready;
      }
      if (ready > settled_) SettleContext(ready);
    }
    return std::move(result_);
  }

 private:
  // What a term found by pass 1 still needs to know: its windows, empty when it has none.
  struct ContextNeeds {
    Window none;          // disqualifying window (empty: none)
    Window any;           // confirming window (empty: no confirmation needed, or had already)
    size_t ready_at = 0;  // pass 2 can run once pass 1 has covered the text before this
  };

  // The windows of terms [first, end).
  void AddWindows(size_t first) {
    needs_.resize(terms_.size());
    for (size_t i = first; i < terms_.size(); ++i) {
      const Match& term = terms_[i];
      ContextNeeds& needs = needs_[i];
      needs.ready_at = term.end;
      if (!entries_[term.entry].context) {
        unconditional_.push_back(static_cast<uint32_t>(i));
        continue;
      }
      const ContextRule& rule = *entries_[term.entry].context;
      if (compiled_.none_of_mask[term.entry]) {
        needs.none = {StepBack(text_, term.start, rule.none_window),
                      StepForward(text_, term.end, rule.none_window_after)};
        needs.ready_at = std::max(needs.ready_at, needs.none.to);
      }
      if (rule.requires_confirmation()) {
        needs.any = {StepBack(text_, term.start, rule.window),
                     StepForward(text_, term.end, rule.window_after)};
        needs.ready_at = std::max(needs.ready_at, needs.any.to);
      }
    }
  }

  // Pass 2 for terms [settled_, ready): each is kept unless a disqualifying word is near or it
  // lacks a confirmation.
  void SettleContext(size_t ready) {
    word_ranges_.clear();
    for (size_t i = settled_; i < ready; ++i) {
      const Match& term = terms_[i];
      const auto& rule = entries_[term.entry].context;
      ContextNeeds& needs = needs_[i];
      if (!rule) continue;
      if (!Empty(needs.none)) word_ranges_.emplace_back(needs.none.from, needs.none.to);
      if (!Empty(needs.any)) {
        if (NearConfirmingCategory(*rule, needs.any)) {
          needs.any = {};  // confirmed by a term of a confirming category
        } else if (compiled_.any_of_mask[term.entry]) {
          word_ranges_.emplace_back(needs.any.from, needs.any.to);
        }
      }
    }
    // The context words in the windows' union (the search is made ready on first need).
    if (!word_ranges_.empty()) {
      if (!context_finder_) context_finder_ = compiled_.ContextSearch().Start(text_);
      context_finder_->FindIn(&word_ranges_);
    }
    for (size_t i = settled_; i < ready; ++i) {
      const Match& term = terms_[i];
      const ContextNeeds& needs = needs_[i];
      const Asker asker{term.entry, terms_};
      if (AnyContextWord(compiled_.none_of_mask[term.entry], needs.none, asker)) continue;
      // Still to be confirmed, by a word (none can if its rule lists no words).
      bool confirmed =
          Empty(needs.any) || AnyContextWord(compiled_.any_of_mask[term.entry], needs.any, asker);
      if (const auto& rule = entries_[term.entry].context; rule && rule->page) {
        // The page's topic: a page about another sense drops the term, whatever its window said
        // (a housing page's 中介 next to 账号); a page about this one confirms a term that its
        // window left unconfirmed (a headline far from any clue).
        const Topic side = PageSides(*rule->page);
        const size_t at_least = rule->page->at_least;
        if (side.off >= at_least && side.off > side.on) continue;
        if (side.on >= at_least && side.on > side.off) confirmed = true;
      }
      if (!confirmed) continue;
      if (!compiled_.reported[term.entry]) continue;
      result_.push_back(
          {folded_.ToOriginal(term.start), folded_.ToOriginalEnd(term.end), term.entry});
    }
    settled_ = ready;
  }

  static bool Empty(const Window& window) { return window.to <= window.from; }

  // A page rule's two sides: the document's words of its anyOf sets and of its noneOf sets.
  struct Topic {
    size_t on = 0, off = 0;
  };
  Topic PageSides(const PageRule& page) {
    if (!topic_) {
      own_topic_ = compiled_.TopicOf(text_);  // once per scan, on first need
      topic_ = &own_topic_;
    }
    Topic sides;
    for (size_t set : page.any_of) sides.on += topic_->words(set);
    for (size_t set : page.none_of) sides.off += topic_->words(set);
    return sides;
  }

  // True if a term without a rule, of one of the rule's confirming categories, is in `window`.
  // Only they confirm a category near another term: a confirmation never depends on another's,
  // so results don't depend on the order of checks (or on blocks).
  bool NearConfirmingCategory(const ContextRule& rule, const Window& window) const {
    auto it =
        std::lower_bound(unconditional_.begin(), unconditional_.end(), window.from,
                         [this](uint32_t term, size_t pos) { return terms_[term].end <= pos; });
    for (; it != unconditional_.end() && terms_[*it].start < window.to; ++it) {
      const Category category = entries_[terms_[*it].entry].category;
      if (std::find(rule.categories.begin(), rule.categories.end(), category) !=
          rule.categories.end()) {
        return true;
      }
    }
    return false;
  }

  // True if a context word of one of `sets` in `window` counts for `asker`.
  bool AnyContextWord(uint64_t sets, const Window& window, const Asker& asker) {
    if (Empty(window) || sets == 0) return false;
    return context_finder_->Any(sets, window, asker);
  }

  const Compiled& compiled_;
  const std::vector<Entry>& entries_;
  const FoldedText& folded_;
  const std::string_view text_;  // folded
  std::unique_ptr<TermFinder> term_finder_;
  std::unique_ptr<ContextWordFinder> context_finder_;  // on first need
  const DocumentTopic* topic_;                         // the document's, or own_topic_
  DocumentTopic own_topic_;                            // this text's, on first need

  // Pass 1's results so far: every term and its entry, in folded offsets, and what each needs.
  std::vector<Match> terms_;
  std::vector<ContextNeeds> needs_;      // per term
  std::vector<uint32_t> unconditional_;  // the terms without a rule, in order
  size_t next_term_from_ = 0;            // where the next term may start: after the last one
  size_t settled_ = 0;                   // terms before this have had pass 2
  std::vector<std::pair<size_t, size_t>> word_ranges_;  // where pass 2 looks for context words
  std::vector<Match> result_;                           // original offsets
};

std::vector<Match> Matcher::Scan(std::string_view utf8) const {
  const FoldedText folded(utf8);
  return Compiled::TextScan(*compiled_, lexicon_->entries(), folded, nullptr).Run();
}

std::vector<Match> Matcher::Scan(std::string_view utf8, const DocumentTopic& topic) const {
  const FoldedText folded(utf8);
  return Compiled::TextScan(*compiled_, lexicon_->entries(), folded, &topic).Run();
}

DocumentTopic Matcher::Topic(std::string_view utf8) const {
  if (compiled_->page_sets == 0) return {};
  const FoldedText folded(utf8);
  return compiled_->TopicOf(folded.view());
}

DocumentTopic Matcher::Topic(std::string_view utf8, size_t from, size_t to) const {
  if (compiled_->page_sets == 0) return {};
  const FoldedText folded(utf8);
  const size_t folded_size = folded.view().size();
  // The first folded offset at or past an original one (ToOriginal only grows).
  auto to_folded = [&](size_t original) {
    size_t low = 0, high = folded_size;
    while (low < high) {
      const size_t mid = low + (high - low) / 2;
      if (folded.ToOriginal(mid) < original) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  };
  return compiled_->TopicOf(folded.view(), to_folded(std::min(from, utf8.size())),
                            to_folded(std::min(to, utf8.size())));
}

}  // namespace chiplight
