// The automaton must never change results: every scan is compared with RE2 alone.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include <re2/re2.h>

#include "folding.h"
#include "matcher_tables.h"
#include "name_tokens.h"
#include "pattern_prefixes.h"
#include "prefix_automaton.h"
#include "random_text.h"
#include "test_support.h"
#include "utf8.h"

using namespace chiplight;
using namespace chiplight::testing;

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

  // Too many names for the automaton's states (2^18): RE2 alone, and the reason says so.
  std::string names;
  std::mt19937 random(3);
  for (int i = 0; i < 40000; ++i) {
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
    }
  }
}

TEST_CASE("blocks don't change results when context words are searched by RE2 alone",
          "[prefilter]") {
  // Terms through the automaton, block by block; context words through their combined RE2
  // program (a pattern with no literal prefix, \pL, turns their automaton off), asked once per
  // block's ready candidates. RE2 alone for everything is the reference.
  std::ifstream file(CHIPLIGHT_TEST_DATA "/rules.json");
  std::string json((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const std::string set = R"("gpu-words": { "names":)";
  REQUIRE(json.find(set) != std::string::npos);
  json.replace(json.find(set), set.size(), R"("gpu-words": { "patterns": ["\\pLzzq"], "names":)");
  const auto lexicon = Lexicon::FromJson(json);
  std::mt19937 random(13);
  const std::string text = RandomText(*lexicon, random, 6000);
  MatcherOptions reference_options;
  reference_options.use_prefilter = false;
  const auto expected = Matcher(lexicon, reference_options).Scan(text);
  REQUIRE(expected.size() > 500);
  for (const size_t block : {size_t{1}, size_t{7}, size_t{100}, size_t{4099}, SIZE_MAX}) {
    MatcherOptions options;
    options.block_bytes = block;
    const Matcher matcher(lexicon, options);
    INFO("blocks of " << block << " bytes");
    CHECK(matcher.prefiltered());
    CHECK(matcher.Scan(text) == expected);
    CHECK(matcher.SlowPathReason().rfind("contexts.gpu-words: patterns[0]", 0) == 0);
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

TEST_CASE("context words of different sets with one separator-free key count apart on both paths",
          "[prefilter]") {
  // "rain forest" (spaced) matches the text "rainforest" too, but "rainforest" (one token)
  // doesn't match "rain forest"; a case-sensitive "RAINFOREST" matches neither in lower case.
  // A word counts for the sets of the names that match it, whatever their keys share.
  const auto lexicon = Lexicon::FromJson(R"({"format": 1, "version": "1", "contexts": {
      "spaced": {"names": ["rain forest"]},
      "joined": {"names": ["rainforest"]},
      "upper": {"names": ["RAINFOREST"], "flags": ["case-sensitive"]}},
    "entries": [
      {"id": "by-joined", "category": "chip", "label": "J", "names": ["Zorbax"],
       "context": {"anyOf": ["joined"], "window": 30}},
      {"id": "by-upper", "category": "cloud", "label": "U", "names": ["Quilnet"],
       "context": {"anyOf": ["upper"], "window": 30}},
      {"id": "by-page", "category": "chip", "label": "P", "names": ["Vextor"],
       "context": {"anyOf": ["spaced"], "window": 5,
                   "page": {"anyOf": ["joined"], "noneOf": ["upper"], "atLeast": 1}}}]})");
  MatcherOptions plain_options;
  plain_options.use_prefilter = false;
  const Matcher fast(lexicon);
  const Matcher plain(lexicon, plain_options);
  REQUIRE(fast.prefiltered());
  const auto expect = [&](const std::string& text, const Strings& found) {
    INFO(text);
    CHECK(Found(fast, text) == found);
    CHECK(Found(plain, text) == found);
    CHECK(fast.Topic(text) == plain.Topic(text));
  };
  expect("Zorbax and Quilnet in the rain forest", {});
  expect("Zorbax and Quilnet in the rainforest", {"Zorbax=by-joined"});
  expect("Zorbax and Quilnet in the RAINFOREST", {"Zorbax=by-joined", "Quilnet=by-upper"});
  expect("Vextor far away ... the rain forest", {});
  expect("Vextor far away ... the rainforest", {"Vextor=by-page"});
  const auto set = [&](const std::string& name) {
    const auto& sets = lexicon->contexts();
    for (size_t k = 0; k < sets.size(); ++k) {
      if (sets[k].name == name) return k;
    }
    FAIL("no context set " << name);
    return sets.size();
  };
  for (const Matcher* matcher : {&fast, &plain}) {
    CHECK(matcher->Topic("the rain forest").words(set("joined")) == 0);
    CHECK(matcher->Topic("the rainforest").words(set("joined")) == 1);
    CHECK(matcher->Topic("the rainforest").words(set("upper")) == 0);
    CHECK(matcher->Topic("the RAINFOREST").words(set("joined")) == 1);
    CHECK(matcher->Topic("the RAINFOREST").words(set("upper")) == 1);
  }
}
