// The prefix automaton (core/src/prefix_automaton.h): where atoms start, and its stored form.
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
