#include "chiplight/matcher.h"

#include <algorithm>
#include <unordered_map>

#include <re2/re2.h>
#include <re2/set.h>

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

std::string Alternative(const std::string& body, bool case_sensitive) {
  return (case_sensitive ? "(?:" : "(?i:") + body + ")";
}

// One alternation of terms, matched leftmost-longest with Chiplight's word-edge rule.
class TermProgram {
 public:
  void Add(const std::string& alternative) {
    if (!pattern_.empty()) pattern_ += '|';
    pattern_ += alternative;
    ++count_;
  }
  void Compile(const std::string& what) {
    re_ = std::make_unique<re2::RE2>(pattern_.empty() ? "[^\\x00-\\x{10FFFF}]" : pattern_,
                                     TermOptions(count_));
    if (!re_->ok()) throw LexiconError(what + ": " + re_->error());
  }

  // The first match that starts in text[from, to) and ends by `limit`, whose edges satisfy the
  // word-edge rule. Edges are judged against the whole text, not the window.
  bool Find(std::string_view text, size_t from, size_t to, size_t limit, size_t* start,
            size_t* end) const {
    re2::StringPiece whole(text.data(), text.size());
    re2::StringPiece found;
    while (from < to && re_->Match(whole, from, limit, re2::RE2::UNANCHORED, &found, 1)) {
      size_t s = static_cast<size_t>(found.data() - text.data());
      size_t e = s + found.size();
      if (s >= to) return false;
      if (!LeftEdgeOk(text, s)) {
        from = s + 1;  // every candidate starting here shares this edge
        continue;
      }
      // The longest candidate may end inside a word ("H100 NVL" in "H100 NVLink"):
      // try the shorter ones that start at the same place.
      while (e > s && !RightEdgeOk(text, e)) {
        if (!re_->Match(whole, s, e - 1, re2::RE2::ANCHOR_START, &found, 1) || found.empty()) {
          e = s;
          break;
        }
        e = s + found.size();
      }
      if (e > s) {
        *start = s;
        *end = e;
        return true;
      }
      from = s + 1;
    }
    return false;
  }

  const std::string& pattern() const { return pattern_; }

 private:
  static bool LeftEdgeOk(std::string_view text, size_t s) {
    return s == 0 || !IsAsciiAlnum(text[s]) || !IsAsciiAlnum(text[s - 1]);
  }
  static bool RightEdgeOk(std::string_view text, size_t e) {
    return e >= text.size() || !IsAsciiAlnum(text[e - 1]) || !IsAsciiAlnum(text[e]);
  }

  std::string pattern_;
  size_t count_ = 0;
  std::unique_ptr<re2::RE2> re_;
};

// Moves `offset` back (or forward) by `count` code points, never past the text's ends.
size_t StepBack(std::string_view text, size_t offset, size_t count) {
  while (offset > 0 && count > 0) {
    --offset;
    // Continuation bytes belong to the code point that starts before them; stop at a lead
    // byte, or after 3 continuation bytes so invalid text can't make us skip further.
    for (int k = 0;
         k < 3 && offset > 0 && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80; ++k) {
      --offset;
    }
    --count;
  }
  return offset;
}

size_t StepForward(std::string_view text, size_t offset, size_t count) {
  while (offset < text.size() && count > 0) {
    ++offset;
    for (int k = 0;
         k < 3 && offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80;
         ++k) {
      ++offset;
    }
    --count;
  }
  return offset;
}

// How far past a window a context word that starts inside it may reach, in bytes.
constexpr size_t kLongestContextWord = 256;

}  // namespace

struct Matcher::Compiled {
  TermProgram terms;
  // Which entry an alternative of `terms` belongs to, for matched text that isn't a name.
  re2::RE2::Set alternatives{TermOptions(0), re2::RE2::ANCHOR_BOTH};
  std::vector<uint32_t> alternative_entry;
  std::vector<bool> alternative_is_name;
  std::unordered_map<std::string, uint32_t> name_to_entry;
  std::vector<TermProgram> contexts;  // parallel to Lexicon::contexts()
  std::vector<bool> reported;         // per entry: in a requested category
};

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
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    c.reported[i] = requested(e.category);
    if (!compiled_category[static_cast<size_t>(e.category)]) continue;
    auto add = [&](const std::string& body, bool is_name) {
      std::string alternative = Alternative(body, e.case_sensitive);
      c.terms.Add(alternative);
      std::string error;
      if (c.alternatives.Add(alternative, &error) < 0) {
        throw LexiconError("entries[" + std::to_string(i) + "] (" + e.id + "): " + error);
      }
      c.alternative_entry.push_back(i);
      c.alternative_is_name.push_back(is_name);
    };
    for (const std::string& name : e.names) {
      add(NameToRegex(name), true);
      c.name_to_entry.emplace(NameKey(name), i);
    }
    for (const std::string& pattern : e.patterns) add(pattern, false);
  }
  c.terms.Compile("the combined program");
  if (!c.alternative_entry.empty() && !c.alternatives.Compile()) {
    throw LexiconError("the combined program is too large for RE2's memory budget");
  }
  for (const ContextSet& set : lexicon_->contexts()) {
    TermProgram program;
    for (const std::string& name : set.names) {
      program.Add(Alternative(NameToRegex(name), set.case_sensitive));
    }
    for (const std::string& pattern : set.patterns) {
      program.Add(Alternative(pattern, set.case_sensitive));
    }
    program.Compile("contexts." + set.name);
    c.contexts.push_back(std::move(program));
  }
}

Matcher::~Matcher() = default;

std::vector<Match> Matcher::Scan(std::string_view utf8) const {
  const Compiled& c = *compiled_;
  const auto& entries = lexicon_->entries();
  FoldedText folded(utf8);
  const std::string_view text = folded.view();

  // Pass 1: every candidate, its entry, in folded offsets.
  std::vector<Match> candidates;
  bool any_context = false;
  std::vector<int> hits;
  for (size_t from = 0, s, e; c.terms.Find(text, from, text.size(), text.size(), &s, &e);
       from = e) {
    uint32_t entry;
    auto named = c.name_to_entry.find(NameKey(text.substr(s, e - s)));
    if (named != c.name_to_entry.end()) {
      entry = named->second;
    } else {
      hits.clear();
      if (!c.alternatives.Match(re2::StringPiece(text.data() + s, e - s), &hits) || hits.empty()) {
        continue;  // can't happen: the text matched one of these alternatives
      }
      // A literal name beats a pattern; otherwise the entry listed first.
      int best = *std::min_element(hits.begin(), hits.end(), [&](int a, int b) {
        if (c.alternative_is_name[a] != c.alternative_is_name[b])
          return c.alternative_is_name[a] > c.alternative_is_name[b];
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
  auto near_category = [&](const ContextRule& rule, size_t from, size_t to, const Match& self) {
    auto it = std::lower_bound(confirmed.begin(), confirmed.end(), from,
                               [](const Match* m, size_t pos) { return m->end <= pos; });
    for (; it != confirmed.end() && (*it)->start < to; ++it) {
      if (*it == &self) continue;
      Category category = entries[(*it)->entry].category;
      if (std::find(rule.categories.begin(), rule.categories.end(), category) !=
          rule.categories.end()) {
        return true;
      }
    }
    return false;
  };
  auto near_words = [&](const std::vector<size_t>& sets, size_t from, size_t to) {
    size_t s, e;
    for (size_t set : sets) {
      // A word that starts inside the window counts even if it ends outside it.
      const size_t limit = std::min(text.size(), to + kLongestContextWord);
      if (c.contexts[set].Find(text, from, to, limit, &s, &e)) return true;
    }
    return false;
  };
  for (const Match& m : candidates) {
    const Entry& entry = entries[m.entry];
    if (entry.context) {
      const ContextRule& rule = *entry.context;
      if (!rule.none_of.empty() &&
          near_words(rule.none_of, StepBack(text, m.start, rule.none_window),
                     StepForward(text, m.end, rule.none_window))) {
        continue;
      }
      if (rule.requires_confirmation()) {
        size_t from = StepBack(text, m.start, rule.window);
        size_t to = StepForward(text, m.end, rule.window);
        if (!near_category(rule, from, to, m) && !near_words(rule.any_of, from, to)) continue;
      }
    }
    if (!c.reported[m.entry]) continue;
    result.push_back({folded.ToOriginal(m.start), folded.ToOriginal(m.end), m.entry});
  }
  return result;
}

}  // namespace chiplight
