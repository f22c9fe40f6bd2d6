#include "chiplight/matcher.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <re2/re2.h>
#include <re2/set.h>

#include "alternation.h"
#include "builtin_lexicon.h"
#include "byte_io.h"
#include "context_words.h"
#include "folding.h"
#include "matcher_tables.h"
#include "name_tokens.h"
#include "prefix_automaton.h"
#include "utf8.h"

namespace chiplight {
struct Matcher::Compiled {
  Alternation terms;
  std::vector<uint32_t> alternative_entry;  // per alternative of `terms`

  // Without the automaton, which entry RE2's match belongs to: a name's key first, else the
  // alternatives that match the text exactly (a set built on first use).
  LazySet alternatives;
  std::unordered_map<std::string, uint32_t> name_to_entry;

  // Every context set's words in one program; a word maps to the bit mask of its sets.
  // Mutable: its combined program is compiled on first need if the automaton can't be built.
  mutable Alternation context_words;
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
  const Alternation& ContextWords() const {
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

std::string MatcherTables::SerializedAutomata(const Matcher& matcher) {
  const Matcher::Compiled& c = *matcher.compiled_;
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

bool MatcherTables::Prebuilt(const Matcher& matcher) {
  return !matcher.compiled_->prebuilt_context.empty();
}

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
