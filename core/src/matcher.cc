#include "chiplight/matcher.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <unordered_map>

#include <re2/re2.h>
#include <re2/set.h>

#include "pattern_prefixes.h"
#include "prefix_automaton.h"
#include "term_regex.h"

namespace chiplight {
namespace {

re2::RE2::Options TermOptions(size_t alternatives) {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingUTF8);
  options.set_longest_match(true);
  options.set_never_capture(true);
  options.set_log_errors(false);
  options.set_case_sensitive(true);  // case is set per alternative with (?i:...)
  // RE2's default 8 MiB budget makes big alternations fall off a cliff (docs/performance.md):
  // give the DFA room in proportion to the program.
  const int64_t per_alternative = 24 << 10;
  options.set_max_mem(std::clamp<int64_t>(static_cast<int64_t>(alternatives) * per_alternative,
                                          64 << 20, int64_t{1} << 30));
  return options;
}

// Names carry their own case handling (NameToRegex); patterns get RE2's flag.
std::string NameAlternative(std::string_view name, bool case_sensitive) {
  return "(?:" + NameToRegex(name, case_sensitive) + ")";
}
std::string PatternAlternative(const std::string& pattern, bool case_sensitive) {
  return (case_sensitive ? "(?:" : "(?i:") + pattern + ")";
}

// One alternation of terms, matched leftmost-longest with Chiplight's word-edge rule.
class TermProgram {
 public:
  // `atoms`: literal strings one of which starts every match of the alternative; nullopt if
  // unknown, which leaves this program to RE2 alone.
  // `place` names the alternative for people (`entries[3] (id): patterns[0]`).
  void Add(const std::string& alternative, std::optional<std::vector<std::string>> atoms,
           const std::string& place) {
    if (!pattern_.empty()) pattern_ += '|';
    pattern_ += alternative;
    ++count_;
    if (!atoms || atoms->empty()) {
      if (prefixable_) unprefixable_ = place;
      prefixable_ = false;
    } else {
      atoms_.insert(atoms_.end(), atoms->begin(), atoms->end());
    }
  }
  void Compile(const std::string& what) {
    re_ = std::make_unique<re2::RE2>(pattern_.empty() ? "[^\\x00-\\x{10FFFF}]" : pattern_,
                                     TermOptions(count_));
    if (!re_->ok()) throw LexiconError(what + ": " + re_->error());
  }
  // The atoms to give the prefix automaton, or none if this program can't use it.
  const std::vector<std::string>& atoms() const { return atoms_; }
  bool prefixable() const { return prefixable_ && count_ > 0; }
  // The first alternative whose literal prefixes couldn't be derived, if any.
  const std::string& unprefixable() const { return unprefixable_; }

  // The first match that starts in text[from, to) and ends by `limit`, whose edges satisfy the
  // word-edge rule. Edges are judged against the whole text, not the window. `candidates`,
  // when given, lists in order every position where a match may start.
  bool Find(std::string_view text, size_t from, size_t to, size_t limit,
            const std::vector<size_t>* candidates, size_t* start, size_t* end) const {
    if (candidates) {
      for (auto it = std::lower_bound(candidates->begin(), candidates->end(), from);
           it != candidates->end() && *it < to; ++it) {
        if (LeftEdgeOk(text, *it) && LongestAt(text, *it, limit, start, end)) return true;
      }
      return false;
    }
    re2::StringPiece whole(text.data(), text.size());
    re2::StringPiece found;
    while (from < to && re_->Match(whole, from, limit, re2::RE2::UNANCHORED, &found, 1)) {
      size_t s = static_cast<size_t>(found.data() - text.data());
      if (s >= to) return false;
      // Every candidate starting here shares the left edge; the right one is checked below.
      if (LeftEdgeOk(text, s) && LongestAt(text, s, limit, start, end)) return true;
      from = s + 1;
    }
    return false;
  }

 private:
  // The longest match at `s` (ending by `limit`) whose right edge is fine.
  bool LongestAt(std::string_view text, size_t s, size_t limit, size_t* start, size_t* end) const {
    re2::StringPiece whole(text.data(), text.size());
    re2::StringPiece found;
    size_t e = limit + 1;
    // The longest candidate may end inside a word ("H100 NVL" in "H100 NVLink"): try the
    // shorter ones that start at the same place.
    do {
      if (!re_->Match(whole, s, e - 1, re2::RE2::ANCHOR_START, &found, 1) || found.empty()) {
        return false;
      }
      e = s + found.size();
    } while (!RightEdgeOk(text, e));
    *start = s;
    *end = e;
    return true;
  }
  static bool LeftEdgeOk(std::string_view text, size_t s) {
    return s == 0 || !IsAsciiAlnum(text[s]) || !IsAsciiAlnum(text[s - 1]);
  }
  static bool RightEdgeOk(std::string_view text, size_t e) {
    return e >= text.size() || !IsAsciiAlnum(text[e - 1]) || !IsAsciiAlnum(text[e]);
  }

  std::string pattern_;
  size_t count_ = 0;
  bool prefixable_ = true;
  std::string unprefixable_;
  std::vector<std::string> atoms_;
  std::unique_ptr<re2::RE2> re_;
};

// Program numbers in the prefix automaton.
constexpr int kTermsProgram = 0;
constexpr int kContextProgram = 1;

// Windows are measured in code points: a code point starts at every byte that is not a UTF-8
// continuation byte (invalid bytes count as code points of their own). Eight bytes are
// counted at a time, because every ambiguous candidate measures two windows.
inline size_t StartsIn8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  const uint64_t continuation = w & ~(w << 1) & 0x8080808080808080ull;
  return 8 - static_cast<size_t>(__builtin_popcountll(continuation));
}

inline bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The offset `count` code points before `offset` (or 0).
size_t StepBack(std::string_view text, size_t offset, size_t count) {
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

// Names are regexes too (flexible separators, ASCII case classes, no (?i)).
std::optional<std::vector<std::string>> AtomsOfName(std::string_view name, bool case_sensitive) {
  return PatternPrefixes(NameToRegex(name, case_sensitive), false);
}

// How far past a window a context word that starts inside it may reach, in bytes.
constexpr size_t kLongestContextWord = 256;

// Occurrences of context words, found lazily and only forward: the union of the windows that
// ambiguous candidates ask about is scanned once, so context rules cost at most one more pass.
class ContextOccurrences {
 public:
  ContextOccurrences(const TermProgram& program, const std::vector<size_t>* candidates,
                     const std::function<uint64_t(size_t, size_t)>& sets_of, std::string_view text)
      : program_(program), candidates_(candidates), sets_of_(sets_of), text_(text) {}

  // True if a word of one of `sets` starts in text[from, to).
  bool Any(uint64_t sets, size_t from, size_t to) {
    Cover(from, to);
    auto it = std::lower_bound(found_.begin(), found_.end(), from,
                               [](const Occurrence& o, size_t pos) { return o.start < pos; });
    for (; it != found_.end() && it->start < to; ++it) {
      if (it->sets & sets) return true;
    }
    return false;
  }

 private:
  struct Occurrence {
    size_t start;
    uint64_t sets;
  };

  void Cover(size_t from, size_t to) {
    if (from >= covered_to_ || from < covered_from_) {
      // A window outside what is covered: start afresh there (earlier ones are behind us).
      found_.clear();
      covered_from_ = covered_to_ = from;
    }
    if (to <= covered_to_) return;
    const size_t limit = std::min(text_.size(), to + kLongestContextWord);
    size_t s, e;
    for (size_t pos = covered_to_; program_.Find(text_, pos, to, limit, candidates_, &s, &e);
         pos = e) {
      found_.push_back({s, sets_of_(s, e)});
    }
    covered_to_ = to;
  }

  const TermProgram& program_;
  const std::vector<size_t>* candidates_;
  const std::function<uint64_t(size_t, size_t)>& sets_of_;
  std::string_view text_;
  std::vector<Occurrence> found_;
  size_t covered_from_ = 0, covered_to_ = 0;
};

}  // namespace

struct Matcher::Compiled {
  TermProgram terms;
  // Which entry an alternative of `terms` belongs to, for matched text that isn't a name.
  re2::RE2::Set alternatives{TermOptions(0), re2::RE2::ANCHOR_BOTH};
  std::vector<uint32_t> alternative_entry;
  std::vector<bool> alternative_is_name;
  std::unordered_map<std::string, uint32_t> name_to_entry;

  // Every context set's words in one program; a word maps to the bit mask of its sets.
  TermProgram context_words;
  std::unordered_map<std::string, uint64_t> context_name_sets;
  re2::RE2::Set context_patterns{TermOptions(0), re2::RE2::ANCHOR_BOTH};
  std::vector<uint64_t> context_pattern_sets;
  std::vector<uint64_t> any_of_mask, none_of_mask;  // per entry

  std::vector<bool> reported;  // per entry: in a requested category

  // Candidate starts for both programs in one pass, where their atoms are known.
  std::unique_ptr<PrefixAutomaton> prefilter;
  bool terms_prefiltered = false, context_prefiltered = false;
};

namespace {
uint64_t MaskOf(const std::vector<size_t>& sets) {
  uint64_t mask = 0;
  for (size_t set : sets) mask |= uint64_t{1} << set;
  return mask;
}
}  // namespace

Matcher::Matcher(std::shared_ptr<const Lexicon> lexicon, MatcherOptions options)
    : lexicon_(std::move(lexicon)), compiled_(std::make_unique<Compiled>()) {
  const auto& entries = lexicon_->entries();
  auto requested = [&](Category c) {
    return options.categories.empty() ||
           std::find(options.categories.begin(), options.categories.end(), c) !=
               options.categories.end();
  };
  // Entries of unrequested categories are still matched when a requested entry's context rule
  // relies on them, so that the results are always a subset of a full scan.
  std::vector<bool> compiled_category(4, false);
  for (const Entry& e : entries) {
    if (!requested(e.category)) continue;
    compiled_category[static_cast<size_t>(e.category)] = true;
    if (e.context) {
      for (Category c : e.context->categories) compiled_category[static_cast<size_t>(c)] = true;
    }
  }
  Compiled& c = *compiled_;
  c.reported.resize(entries.size());
  c.any_of_mask.resize(entries.size());
  c.none_of_mask.resize(entries.size());
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    c.reported[i] = requested(e.category);
    if (e.context) {
      c.any_of_mask[i] = MaskOf(e.context->any_of);
      c.none_of_mask[i] = MaskOf(e.context->none_of);
    }
    if (!compiled_category[static_cast<size_t>(e.category)]) continue;
    auto add = [&](const std::string& body, bool is_name, size_t index) {
      std::string alternative = is_name ? NameAlternative(body, e.case_sensitive)
                                        : PatternAlternative(body, e.case_sensitive);
      c.terms.Add(
          alternative,
          is_name ? AtomsOfName(body, e.case_sensitive) : PatternPrefixes(body, !e.case_sensitive),
          "entries[" + std::to_string(i) + "] (" + e.id +
              "): " + (is_name ? "names[" : "patterns[") + std::to_string(index) + "]");
      std::string error;
      if (c.alternatives.Add(alternative, &error) < 0) {
        throw LexiconError("entries[" + std::to_string(i) + "] (" + e.id + "): " + error);
      }
      c.alternative_entry.push_back(i);
      c.alternative_is_name.push_back(is_name);
    };
    for (size_t n = 0; n < e.names.size(); ++n) {
      add(e.names[n], true, n);
      c.name_to_entry.emplace(NameKey(e.names[n]), i);
    }
    for (size_t p = 0; p < e.patterns.size(); ++p) add(e.patterns[p], false, p);
  }
  c.terms.Compile("the combined program");
  if (!c.alternative_entry.empty() && !c.alternatives.Compile()) {
    throw LexiconError("the combined program is too large for RE2's memory budget");
  }

  const auto& sets = lexicon_->contexts();
  if (sets.size() > 64) throw LexiconError("contexts: at most 64 context sets are supported");
  for (size_t k = 0; k < sets.size(); ++k) {
    const ContextSet& set = sets[k];
    for (size_t n = 0; n < set.names.size(); ++n) {
      const std::string& name = set.names[n];
      c.context_words.Add(NameAlternative(name, set.case_sensitive),
                          AtomsOfName(name, set.case_sensitive),
                          "contexts." + set.name + ": names[" + std::to_string(n) + "]");
      c.context_name_sets[NameKey(name)] |= uint64_t{1} << k;
    }
    for (size_t n = 0; n < set.patterns.size(); ++n) {
      const std::string& pattern = set.patterns[n];
      std::string alternative = PatternAlternative(pattern, set.case_sensitive);
      c.context_words.Add(alternative, PatternPrefixes(pattern, !set.case_sensitive),
                          "contexts." + set.name + ": patterns[" + std::to_string(n) + "]");
      std::string error;
      if (c.context_patterns.Add(alternative, &error) < 0) {
        throw LexiconError("contexts." + set.name + ": " + error);
      }
      c.context_pattern_sets.push_back(uint64_t{1} << k);
    }
  }
  c.context_words.Compile("the combined context program");
  if (options.use_prefilter) {
    std::vector<PrefixAutomaton::Atom> atoms;
    for (auto [program, id] :
         {std::pair{&c.terms, kTermsProgram}, std::pair{&c.context_words, kContextProgram}}) {
      if (!program->prefixable()) continue;
      for (const std::string& atom : program->atoms()) atoms.push_back({atom, id});
    }
    c.prefilter = PrefixAutomaton::Build(atoms);
    c.terms_prefiltered = c.prefilter && c.terms.prefixable();
    c.context_prefiltered = c.prefilter && c.context_words.prefixable();
  }
  if (!c.context_pattern_sets.empty() && !c.context_patterns.Compile()) {
    throw LexiconError("the context program is too large for RE2's memory budget");
  }
}

Matcher::~Matcher() = default;

bool Matcher::prefiltered() const { return compiled_->terms_prefiltered; }

std::string Matcher::SlowPathReason() const {
  const Compiled& c = *compiled_;
  if (!c.terms.unprefixable().empty()) return c.terms.unprefixable();
  if (!c.context_words.unprefixable().empty()) return c.context_words.unprefixable();
  return "";
}

std::vector<Match> Matcher::Scan(std::string_view utf8) const {
  const Compiled& c = *compiled_;
  const auto& entries = lexicon_->entries();
  FoldedText folded(utf8);
  const std::string_view text = folded.view();
  std::string key;
  std::vector<int> hits;
  std::vector<size_t> starts[PrefixAutomaton::kPrograms];
  if (c.prefilter) c.prefilter->Collect(text, starts);
  const std::vector<size_t>* term_candidates =
      c.terms_prefiltered ? &starts[kTermsProgram] : nullptr;
  const std::vector<size_t>* context_candidates =
      c.context_prefiltered ? &starts[kContextProgram] : nullptr;

  // Pass 1: every candidate and its entry, in folded offsets.
  std::vector<Match> candidates;
  bool any_context = false;
  for (size_t from = 0, s, e;
       c.terms.Find(text, from, text.size(), text.size(), term_candidates, &s, &e); from = e) {
    uint32_t entry;
    NameKeyInto(text.substr(s, e - s), &key);
    auto named = c.name_to_entry.find(key);
    if (named != c.name_to_entry.end()) {
      entry = named->second;
    } else {
      hits.clear();
      if (!c.alternatives.Match(re2::StringPiece(text.data() + s, e - s), &hits) || hits.empty()) {
        continue;  // can't happen: the text matched one of these alternatives
      }
      // A literal name beats a pattern; otherwise the entry listed first.
      int best = *std::min_element(hits.begin(), hits.end(), [&](int a, int b) {
        if (c.alternative_is_name[a] != c.alternative_is_name[b]) {
          return c.alternative_is_name[a] > c.alternative_is_name[b];
        }
        return c.alternative_entry[a] < c.alternative_entry[b];
      });
      entry = c.alternative_entry[best];
    }
    any_context = any_context || entries[entry].context.has_value();
    candidates.push_back({s, e, entry});
  }

  // Pass 2: context rules. Confirmations come only from matches that need none themselves,
  // so the result never depends on the order of checks.
  std::vector<Match> result;
  result.reserve(candidates.size());
  std::vector<const Match*> confirmed;  // candidates without a rule, in order
  if (any_context) {
    for (const Match& m : candidates) {
      if (!entries[m.entry].context) confirmed.push_back(&m);
    }
  }
  auto near_category = [&](const ContextRule& rule, size_t from, size_t to) {
    auto it = std::lower_bound(confirmed.begin(), confirmed.end(), from,
                               [](const Match* m, size_t pos) { return m->end <= pos; });
    for (; it != confirmed.end() && (*it)->start < to; ++it) {
      Category category = entries[(*it)->entry].category;
      if (std::find(rule.categories.begin(), rule.categories.end(), category) !=
          rule.categories.end()) {
        return true;
      }
    }
    return false;
  };
  const std::function<uint64_t(size_t, size_t)> sets_of = [&](size_t s, size_t e) {
    std::string word_key;
    NameKeyInto(text.substr(s, e - s), &word_key);
    auto it = c.context_name_sets.find(word_key);
    uint64_t mask = it == c.context_name_sets.end() ? 0 : it->second;
    if (!c.context_pattern_sets.empty()) {
      std::vector<int> pattern_hits;
      c.context_patterns.Match(re2::StringPiece(text.data() + s, e - s), &pattern_hits);
      for (int h : pattern_hits) mask |= c.context_pattern_sets[h];
    }
    return mask;
  };
  // Two cursors: confirming windows and disqualifying windows have different sizes.
  ContextOccurrences confirming(c.context_words, context_candidates, sets_of, text);
  ContextOccurrences disqualifying(c.context_words, context_candidates, sets_of, text);
  for (const Match& m : candidates) {
    const Entry& entry = entries[m.entry];
    if (entry.context) {
      const ContextRule& rule = *entry.context;
      if (c.none_of_mask[m.entry] &&
          disqualifying.Any(c.none_of_mask[m.entry], StepBack(text, m.start, rule.none_window),
                            StepForward(text, m.end, rule.none_window))) {
        continue;
      }
      if (rule.requires_confirmation()) {
        size_t from = StepBack(text, m.start, rule.window);
        size_t to = StepForward(text, m.end, rule.window);
        if (!near_category(rule, from, to) &&
            !(c.any_of_mask[m.entry] && confirming.Any(c.any_of_mask[m.entry], from, to))) {
          continue;
        }
      }
    }
    if (!c.reported[m.entry]) continue;
    result.push_back({folded.ToOriginal(m.start), folded.ToOriginal(m.end), m.entry});
  }
  return result;
}

}  // namespace chiplight
