// The prefix automaton must never change results: every scan is compared with RE2 alone.
#include <catch2/catch.hpp>

#include <random>
#include <thread>

#include <re2/re2.h>

#include "folding.h"
#include "matcher_tables.h"
#include "name_tokens.h"
#include "pattern_prefixes.h"
#include "prefix_automaton.h"
#include "test_support.h"
#include "utf8.h"

using namespace chiplight;
using namespace chiplight::testing;

namespace {

using Prefixes = std::optional<std::vector<std::string>>;
Prefixes Sorted(Prefixes p) {
  if (p) std::sort(p->begin(), p->end());
  return p;
}

// A name with each separator replaced by another run of separators (maybe none), as text
// spells "Google Cloud" as "Google-Cloud", "Google  Cloud" or "GoogleCloud".
std::string MangleSeparators(const std::string& name, std::mt19937& random) {
  static const char* const kRuns[] = {
      "", " ", "-", "  ", "_", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x90", " - ", "\t"};
  std::string out;
  for (char ch : name) {
    if (ch == ' ' || ch == '-') {
      out += kRuns[random() % (sizeof kRuns / sizeof *kRuns)];
    } else {
      out += ch;
    }
  }
  return out;
}

// Text made of the lexicon's own names and context words, mangled the ways real text mangles
// them (case, full-width forms, separators, glued neighbours), between noise.
std::string RandomText(const Lexicon& lexicon, std::mt19937& random, size_t pieces) {
  std::vector<std::string> names;
  for (const Entry& e : lexicon.entries())
    names.insert(names.end(), e.names.begin(), e.names.end());
  for (const ContextSet& s : lexicon.contexts())
    names.insert(names.end(), s.names.begin(), s.names.end());
  static const char* const kNoise[] = {
      " ",     "  ",   "-",   "x",   "9",     "、",   "。",       "，",           "的",
      "云",    "\n",   "(",   ")",   "Ａ",    "１",   "\xC2\xA0", "\xE3\x80\x80", "sxm",
      " 80GB", "PCIe", "NVL", "GPU", "cache", "\xFF", "é"};
  std::string text;
  for (size_t i = 0; i < pieces; ++i) {
    if (random() % 3 == 0) {
      text += kNoise[random() % (sizeof kNoise / sizeof *kNoise)];
      continue;
    }
    std::string name = names[random() % names.size()];
    for (char& ch : name) {
      if (std::isalpha(static_cast<unsigned char>(ch)) && random() % 4 == 0) {
        ch = static_cast<char>(std::isupper(static_cast<unsigned char>(ch)) ? std::tolower(ch)
                                                                            : std::toupper(ch));
      }
    }
    if (random() % 3 == 0) name = MangleSeparators(name, random);
    if (random() % 5 == 0 && !name.empty() && std::isalnum(static_cast<unsigned char>(name[0]))) {
      // Full-width first character: U+FF00 + (c - 0x20).
      unsigned cp = 0xFF00 + static_cast<unsigned char>(name[0]) - 0x20;
      std::string wide = {static_cast<char>(0xE0 | (cp >> 12)),
                          static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                          static_cast<char>(0x80 | (cp & 0x3F))};
      name = wide + name.substr(1);
    }
    text += name;
    if (random() % 2) text += " ";
  }
  return text;
}

void ExpectSameAsRe2(std::shared_ptr<const Lexicon> lexicon, size_t rounds, size_t pieces) {
  Matcher fast(lexicon);
  MatcherOptions plain_options;
  plain_options.use_prefilter = false;
  Matcher plain(lexicon, plain_options);
  REQUIRE(fast.prefiltered());
  REQUIRE_FALSE(plain.prefiltered());
  std::mt19937 random(7);
  for (size_t round = 0; round < rounds; ++round) {
    std::string text = RandomText(*lexicon, random, pieces);
    auto a = fast.Scan(text);
    auto b = plain.Scan(text);
    if (a != b) FAIL("prefiltered and plain scans differ on: " << text);
  }
}

}  // namespace

TEST_CASE("pattern prefixes cover every way a pattern can start", "[prefilter]") {
  CHECK(Sorted(PatternPrefixes("A100", false)) == Prefixes{{"a100"}});
  CHECK(Sorted(PatternPrefixes("(?:HGX|DGX)[ -]?A100", false)) ==
        Prefixes{{"dgx a100", "dgxa100", "hgx a100", "hgxa100"}});
  CHECK(Sorted(PatternPrefixes("A100[- ]?(?:SXM4?|PCIe)", false)) ==
        Prefixes{{"a100 pci", "a100 sxm", "a100pcie", "a100sxm", "a100sxm4"}});
  auto mi = PatternPrefixes("MI3\\d\\dX", false);
  REQUIRE(mi);
  // 100 ways to begin is over budget: the prefixes are shortened, never dropped.
  CHECK(mi->size() <= 32);
  for (const std::string& prefix : *mi) {
    CHECK(prefix.rfind("mi3", 0) == 0);
    CHECK(std::string("mi308x").compare(0, prefix.size(), prefix) <= 0);
  }
  CHECK(std::any_of(mi->begin(), mi->end(),
                    [](const std::string& p) { return std::string("mi308x").rfind(p, 0) == 0; }));
  // Cut at 8 bytes, on a character boundary.
  CHECK(Sorted(PatternPrefixes("(?i)英伟达\\s*H20", true)) == Prefixes{{"英伟"}});
  CHECK(Sorted(PatternPrefixes("(?i)NV\\s*H20", true)) == Prefixes{{"nv  ", "nv h20", "nvh20"}});
  CHECK(Sorted(PatternPrefixes("x*A", false)) == Prefixes{{"a", "xa", "xx"}});
  CHECK(Sorted(PatternPrefixes("\\bNV ?A100", false)) == Prefixes{{"nv a100", "nva100"}});
  // Not derivable: the automaton is switched off, never wrong.
  CHECK_FALSE(PatternPrefixes("x*", false).has_value());
  CHECK_FALSE(PatternPrefixes(".A100", false).has_value());
  CHECK_FALSE(PatternPrefixes("[^a]100", false).has_value());
  CHECK_FALSE(PatternPrefixes("\\pL+100", false).has_value());
  CHECK_FALSE(PatternPrefixes("[a-z]?[0-9]?", false).has_value());
}

TEST_CASE("names start with their literal atoms, across separators", "[prefilter]") {
  using Atoms = std::vector<std::pair<std::string, bool>>;  // (bytes, whole)
  auto atoms = [](std::string_view name) {
    Atoms out;
    for (const AlternativeAtom& atom : NameAtoms(name)) out.emplace_back(atom.bytes, atom.whole);
    std::sort(out.begin(), out.end());
    return out;
  };
  auto sorted = [](Atoms atoms) {
    std::sort(atoms.begin(), atoms.end());
    return atoms;
  };
  // Between tokens: no separator or one single-byte separator go on to the next token (whole
  // spellings); a longer run, or one that begins with a multi-byte separator, ends the atom.
  CHECK(atoms("re-seller") == sorted({{"re  ", false},
                                      {"re \xC2", false},
                                      {"re \xE2", false},
                                      {"re \xE3", false},
                                      {"re seller", true},
                                      {"re\xC2", false},
                                      {"re\xE2", false},
                                      {"re\xE3", false},
                                      {"reseller", true}}));
  CHECK(atoms("ＡＷＳ") == Atoms{{"aws", true}});
  CHECK(atoms("Éclair") == Atoms{{"Éclair", true}});
  // At most kMaxNameAtom bytes, whole characters; then not a whole match.
  CHECK(atoms("出口管制改革法实施细则") == Atoms{{"出口管制", false}});
  CHECK(atoms("英伟达A100") == sorted({{"英伟达  ", false},
                                       {"英伟达 \xC2", false},
                                       {"英伟达 \xE2", false},
                                       {"英伟达 \xE3", false},
                                       {"英伟达 a1", false},
                                       {"英伟达\xC2", false},
                                       {"英伟达\xE2", false},
                                       {"英伟达\xE3", false},
                                       {"英伟达a10", false}}));
  // Names of many tokens don't multiply their atoms without end: past eight spellings, each
  // is an atom of its own.
  CHECK(NameAtoms("a b c d e f g h i j").size() == 7 * (1 + 2 + 4) + 8);
  CHECK(NameAtoms(" - ").empty());
}

TEST_CASE("case-insensitive patterns include RE2's non-ASCII folds", "[prefilter]") {
  CHECK(Sorted(PatternPrefixes("ks", true)) ==
        Prefixes{{"ks", "k\xC5\xBF", "\xE2\x84\xAAs", "\xE2\x84\xAA\xC5\xBF"}});
  CHECK(Sorted(PatternPrefixes("ks", false)) == Prefixes{{"ks"}});
  CHECK_FALSE(PatternPrefixes("éclair", true).has_value());  // É too: unknown
  CHECK(Sorted(PatternPrefixes("阿里云", true)) == Prefixes{{"阿里"}});
}

TEST_CASE("the automaton lists every atom start once and in order", "[prefilter]") {
  auto first = PrefixAutomaton::Build({{"ab"}, {"b"}, {"c d"}});
  auto second = PrefixAutomaton::Build({{"abc"}, {"BC"}, {"-x"}});
  REQUIRE(first);
  REQUIRE(second);
  // Distinct starts, in order, of what an automaton reports.
  auto starts = [](const PrefixAutomaton& automaton, std::string_view text) {
    std::vector<PrefixAutomaton::Candidate> candidates;
    automaton.Collect(text, &candidates);
    std::vector<size_t> result;
    for (const auto& c : candidates) {
      if (result.empty() || result.back() != c.start) result.push_back(c.start);
    }
    return result;
  };
  CHECK(starts(*first, "ABC abc,b-x c dab") == std::vector<size_t>{0, 4, 8, 12});
  CHECK(starts(*second, "ABC abc,b-x c dab") == std::vector<size_t>{0, 4, 9});
  // Letters and digits never start an atom inside a word; single-byte separators are
  // interchangeable ("-x" is also found as " x").
  CHECK(starts(*first, "xab xb x-x 2c d").empty());
  CHECK(starts(*second, "xab xb x-x 2c d") == std::vector<size_t>{3, 6, 8});
  // Long text goes through four interleaved lanes; their seams must lose nothing.
  std::string text;
  std::vector<size_t> expected;
  for (size_t i = 0; text.size() < 100000; ++i) {
    text += std::string(i % 7 + 1, '.');
    expected.push_back(text.size());
    text += "abc";
  }
  CHECK(starts(*second, text) == expected);
}

TEST_CASE("prefiltered scans equal RE2 alone on the rules lexicon", "[prefilter]") {
  ExpectSameAsRe2(RulesLexicon(), 300, 400);
}

TEST_CASE("prefiltered scans equal RE2 alone on the built-in lexicon", "[prefilter]") {
  ExpectSameAsRe2(Lexicon::BuiltIn(), 100, 2000);
}

TEST_CASE("prefiltered scans equal RE2 alone across the automaton's lanes", "[prefilter]") {
  ExpectSameAsRe2(RulesLexicon(), 3, 20000);
}

TEST_CASE("the same text in two entries resolves the same way on both paths", "[prefilter]") {
  // "XJ9" is a name of one entry and the whole language of another's pattern: the name wins.
  auto lexicon = Lexicon::FromJson(R"({"format": 1, "version": "1", "entries": [
    {"id": "by-pattern", "category": "chip", "label": "P", "patterns": ["XJ[89]"]},
    {"id": "by-name", "category": "cloud", "label": "N", "names": ["XJ9"]},
    {"id": "other", "category": "chip", "label": "O", "patterns": ["QQ7"]},
    {"id": "also", "category": "cloud", "label": "A", "patterns": ["QQ[67]"]}]})");
  Matcher fast(lexicon);
  MatcherOptions plain_options;
  plain_options.use_prefilter = false;
  Matcher plain(lexicon, plain_options);
  const std::string text = "XJ9 XJ8 QQ7 QQ6";
  CHECK(Found(fast, text) == Strings{"XJ9=by-name", "XJ8=by-pattern", "QQ7=other", "QQ6=also"});
  CHECK(fast.Scan(text) == plain.Scan(text));
}

TEST_CASE("a name's literal match is its regex's, without RE2", "[prefilter]") {
  std::mt19937 random(7);
  const auto lexicon = Lexicon::BuiltIn();
  std::vector<std::pair<std::string, bool>> names;
  for (const Entry& e : lexicon->entries()) {
    for (const std::string& n : e.names) names.emplace_back(n, e.case_sensitive);
  }
  for (const ContextSet& set : lexicon->contexts()) {
    for (const std::string& n : set.names) names.emplace_back(n, set.case_sensitive);
  }
  names.emplace_back("RTX Pro 6000D", true);
  size_t checked = 0;
  for (const auto& [name, case_sensitive] : names) {
    const re2::RE2 regex(NameToRegex(name, case_sensitive), [] {
      re2::RE2::Options options;
      options.set_longest_match(true);
      return options;
    }());
    REQUIRE(regex.ok());
    const std::vector<std::string> tokens = NameTokens(name);
    for (int round = 0; round < 8; ++round) {
      std::string text = (round % 2 ? "x " : "") + RandomText(*lexicon, random, 1);
      std::string spelled = MangleSeparators(name, random);
      if (round % 4 == 3 && !spelled.empty()) spelled.pop_back();
      const size_t s = text.size();
      text += spelled + (round % 3 ? "" : " tail");
      for (size_t bound : {text.size(), s + spelled.size(), s + spelled.size() / 2}) {
        re2::StringPiece match;
        const bool found = regex.Match(text, s, bound, re2::RE2::ANCHOR_START, &match, 1);
        INFO(name << " in \"" << text << "\", bound " << bound);
        CHECK(NameMatchLength(tokens, case_sensitive, text, s, bound) ==
              (found ? match.size() : 0));
        ++checked;
      }
    }
  }
  CHECK(checked > 10000);
}

TEST_CASE("precomputed pattern prefixes are what the analysis gives", "[prefilter]") {
  const auto [table, size] = PrecomputedPatternPrefixes();
  REQUIRE(size > 0);  // the built-in lexicon's patterns, generated at build time
  for (size_t i = 0; i < size; ++i) {
    const PrecomputedPrefixes& row = table[i];
    const std::string pattern(row.pattern);
    INFO(pattern << (row.case_insensitive ? " (case-insensitive)" : ""));
    if (i > 0) {
      CHECK(std::make_pair(table[i - 1].pattern, table[i - 1].case_insensitive) <
            std::make_pair(row.pattern, row.case_insensitive));
    }
    bool exact = false;
    const auto computed = ComputePatternPrefixes(pattern, row.case_insensitive, &exact);
    REQUIRE(computed.has_value() == row.known);
    CHECK(exact == row.exact);
    if (computed) {
      CHECK(*computed == std::vector<std::string>(row.prefixes, row.prefixes + row.count));
    }
    bool looked_up_exact = false;
    CHECK(PatternPrefixes(pattern, row.case_insensitive, &looked_up_exact) == computed);
    CHECK(looked_up_exact == exact);
  }
}

TEST_CASE("the built-in matcher starts from automata built with the library, with the same results",
          "[prefilter]") {
  const auto builtin = Lexicon::BuiltIn();
  Matcher prebuilt(builtin);
  REQUIRE(MatcherTables::Prebuilt(prebuilt));  // core/tools/builtin_tables.cc stored them
  // The same lexicon from its text: its automata are built here.
  Matcher built(Lexicon::FromJson(Lexicon::BuiltInJson()));
  REQUIRE_FALSE(MatcherTables::Prebuilt(built));
  CHECK(MatcherTables::SerializedAutomata(built) == MatcherTables::SerializedAutomata(prebuilt));
  std::mt19937 random(11);
  for (int round = 0; round < 60; ++round) {
    const std::string text = RandomText(*builtin, random, 2000);
    if (prebuilt.Scan(text) != built.Scan(text)) FAIL("the two matchers differ on: " << text);
  }
  MatcherOptions clouds;
  clouds.categories = {Category::kCloud};
  CHECK(MatcherTables::Prebuilt(Matcher(builtin, clouds)));
}

TEST_CASE("an automaton read back from bytes is the same, and bad bytes are refused",
          "[prefilter]") {
  std::vector<PrefixAutomaton::Atom> atoms = {{"aws", 0, true},
                                              {"h100", 1, false},
                                              {"h100 ", 1, false},
                                              {"阿里云", 2, true},
                                              {"ai", 3, true}};
  const auto automaton = PrefixAutomaton::Build(atoms);
  REQUIRE(automaton);
  const std::string bytes = automaton->Serialize();
  const auto again = PrefixAutomaton::Deserialize(bytes, 4);
  REQUIRE(again);
  CHECK(again->Serialize() == bytes);
  const std::string text = "AWS rents H100 GPUs, 阿里云 too; an AI lab. xaws h100x";
  std::vector<PrefixAutomaton::Candidate> a, b;
  automaton->Collect(text, &a);
  again->Collect(text, &b);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].start == b[i].start);
    CHECK(a[i].alternative == b[i].alternative);
    CHECK(a[i].length == b[i].length);
    CHECK(a[i].exact == b[i].exact);
  }
  CHECK(PrefixAutomaton::Deserialize(bytes, 3) == nullptr);  // an alternative out of range
  CHECK(PrefixAutomaton::Deserialize("", 4) == nullptr);
  CHECK(PrefixAutomaton::Deserialize(bytes + "x", 4) == nullptr);
  for (size_t cut = 1; cut < bytes.size(); cut += 97) {
    CHECK(PrefixAutomaton::Deserialize(std::string_view(bytes).substr(0, cut), 4) == nullptr);
  }
  std::mt19937 random(5);
  for (int round = 0; round < 200; ++round) {  // flipped bytes: refused or harmless, never a crash
    std::string broken = bytes;
    broken[random() % broken.size()] ^= static_cast<char>(1 + random() % 255);
    if (const auto read = PrefixAutomaton::Deserialize(broken, 4)) read->Collect(text, &b);
  }
}

TEST_CASE("a lexicon the automaton can't take is matched by RE2 alone, and says why",
          "[prefilter]") {
  // A pattern whose first character could be anything: terms go to RE2, context words keep
  // their automaton; results are a plain matcher's.
  const auto mixed = Lexicon::FromJson(R"({"format": 1, "version": "1", "contexts": {
      "gpu": {"names": ["GPU", "GPUs"]}},
    "entries": [
      {"id": "x100", "category": "chip", "label": "X100", "patterns": [".X100"],
       "context": {"anyOf": ["gpu"], "window": 20}},
      {"id": "aws", "category": "cloud", "label": "AWS", "names": ["AWS"]}]})");
  Matcher fast(mixed);
  MatcherOptions plain_options;
  plain_options.use_prefilter = false;
  Matcher plain(mixed, plain_options);
  CHECK_FALSE(fast.prefiltered());
  CHECK(fast.SlowPathReason() == "entries[0] (x100): patterns[0]");
  CHECK(plain.SlowPathReason().empty());  // turned off on request: nothing to explain
  for (const char* text : {"the zX100 GPUs on AWS", "zX100 alone", "AWS GPU qX100 GPU"}) {
    CHECK(fast.Scan(text) == plain.Scan(text));
  }
  CHECK(Found(fast, "the zX100 GPUs on AWS") == Strings{"zX100=x100", "AWS=aws"});

  // Too many names for the automaton's states: RE2 alone, and the reason says so.
  std::string names;
  std::mt19937 random(3);
  for (int i = 0; i < 9000; ++i) {
    std::string name;
    for (int k = 0; k < 10; ++k) name += static_cast<char>('a' + random() % 26);
    names += (i ? ", \"" : "\"") + name + "\"";
  }
  const auto big = Lexicon::FromJson(R"({"format": 1, "version": "1", "entries": [
      {"id": "many", "category": "chip", "label": "Many", "names": [)" +
                                     names + "]}]}");
  Matcher huge(big);
  CHECK_FALSE(huge.prefiltered());
  CHECK_THAT(huge.SlowPathReason(), Catch::Matchers::Contains("too many names"));
}

TEST_CASE("results don't depend on how the text is cut into blocks", "[prefilter]") {
  // Terms straddle block edges and context windows reach across several blocks. The reference is
  // RE2 alone, which reads the text as one block whatever the option says.
  for (const auto& lexicon : {RulesLexicon(), Lexicon::BuiltIn()}) {
    std::mt19937 random(11);
    const std::string text = RandomText(*lexicon, random, 6000);
    MatcherOptions reference_options;
    reference_options.use_prefilter = false;
    const auto expected = Matcher(lexicon, reference_options).Scan(text);
    REQUIRE(expected.size() > 500);
    for (const size_t block :
         {size_t{1}, size_t{7}, size_t{100}, size_t{4099}, size_t{65536}, SIZE_MAX}) {
      MatcherOptions options;
      options.block_bytes = block;
      INFO("blocks of " << block << " bytes");
      CHECK(Matcher(lexicon, options).Scan(text) == expected);
      reference_options.block_bytes = block;
      CHECK(Matcher(lexicon, reference_options).Scan(text) == expected);
    }
  }
}

TEST_CASE(
    "one fresh matcher scanned from several threads at once gives every thread the same results",
    "[prefilter][threads]") {
  // Scan() is const and compiles patterns and readies context words on first need: threads that
  // get there together must each see them ready (a thread sanitizer build checks this further).
  for (const auto& lexicon : {Lexicon::BuiltIn(), Lexicon::FromJson(Lexicon::BuiltInJson())}) {
    std::mt19937 random(23);
    std::vector<std::string> texts;
    for (int i = 0; i < 4; ++i) texts.push_back(RandomText(*lexicon, random, 3000));
    std::vector<std::vector<Match>> expected;
    {
      const Matcher reference(lexicon);
      for (const std::string& text : texts) expected.push_back(reference.Scan(text));
    }
    const Matcher shared(lexicon);
    std::vector<std::vector<std::vector<Match>>> got(4);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < got.size(); ++t) {
      threads.emplace_back([&, t] {
        for (size_t round = 0; round < texts.size(); ++round) {
          got[t].push_back(shared.Scan(texts[(t + round) % texts.size()]));
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (size_t t = 0; t < got.size(); ++t) {
      for (size_t round = 0; round < texts.size(); ++round) {
        CHECK(got[t][round] == expected[(t + round) % texts.size()]);
      }
    }
  }
}
