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

TEST_CASE("the sparse layout finds what the dense table finds, and a bad cell is refused",
          "[prefilter]") {
  // Many atoms sharing prefixes (names of a list), some CJK, some not starting a word.
  std::mt19937 random(7);
  const std::vector<std::string> parts = {"tech", "lab", "inst", "univ", "电子", "科技", "-x",
                                          "co",   "a",   "ltd",  "h1",   "00",   " ",    "研究"};
  std::vector<PrefixAutomaton::Atom> atoms;
  for (uint32_t i = 0; i < 400; ++i) {
    std::string atom;
    for (int k = 0; k < 2 + static_cast<int>(random() % 4); ++k) atom += parts[random() % 14];
    atoms.push_back({atom, i % 50, i % 3 == 0});
  }
  const auto dense = PrefixAutomaton::Build(atoms);
  REQUIRE(dense);
  CHECK_FALSE(dense->sparse());
  const std::string bytes = dense->SerializeSparse();
  const auto sparse = PrefixAutomaton::Deserialize(bytes, 50);
  REQUIRE(sparse);
  CHECK(sparse->sparse());
  CHECK(sparse->Serialize() == bytes);  // written back the same, in the same layout
  CHECK(sparse->TableBytes() < dense->TableBytes());
  // Short texts (one lane) and long ones (four lanes), atoms glued and apart.
  for (size_t length : {200, 100000}) {
    std::string text;
    while (text.size() < length) {
      text += random() % 4 == 0 ? "x" : " ";
      text += atoms[random() % atoms.size()].bytes;
      if (random() % 3 == 0) text += parts[random() % 14];
    }
    std::vector<PrefixAutomaton::Candidate> a, b;
    dense->Collect(text, &a);
    sparse->Collect(text, &b);
    CHECK(a.size() > length / 100);
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].start == b[i].start);
      CHECK(a[i].alternative == b[i].alternative);
      CHECK(a[i].length == b[i].length);
    }
  }
  // The cells are the bytes' last 8 x n; an owned cell leading out of range, or claiming another
  // owner, is refused.
  size_t owned = bytes.size() - 8;
  while (static_cast<unsigned char>(bytes[owned]) == 0xFF) owned -= 8;
  std::string out_of_range = bytes;
  out_of_range[owned + 7] = static_cast<char>(0x70);  // next = a state far past the cells
  CHECK(PrefixAutomaton::Deserialize(out_of_range, 50) == nullptr);
  std::string other_owner = bytes;
  other_owner[owned] = static_cast<char>(other_owner[owned] ^ 0x40);
  CHECK(PrefixAutomaton::Deserialize(other_owner, 50) == nullptr);
  size_t free_cell = bytes.size() - 8;
  while (static_cast<unsigned char>(bytes[free_cell]) != 0xFF) free_cell -= 8;
  std::string free_cell_used = bytes;
  free_cell_used[free_cell + 4] = 1;  // a free cell with something in it
  CHECK(PrefixAutomaton::Deserialize(free_cell_used, 50) == nullptr);
  CHECK(PrefixAutomaton::Deserialize(bytes.substr(0, bytes.size() - 8), 50) == nullptr);
  const std::string text = "techlab univ电子科技 -xco h100 x a ltd 研究inst";
  std::vector<PrefixAutomaton::Candidate> found;
  for (int round = 0; round < 300; ++round) {  // flipped bytes: refused or harmless, never a crash
    std::string broken = bytes;
    broken[random() % broken.size()] ^= static_cast<char>(1 + random() % 255);
    if (const auto read = PrefixAutomaton::Deserialize(broken, 50)) read->Collect(text, &found);
  }
}
