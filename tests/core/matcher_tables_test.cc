// What the build stores of the built-in matcher (core/src/matcher_tables.h).
#include <catch2/catch.hpp>

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
