// The stored-automaton reader validates every entry a scan can read: a table whose bytes are
// well formed but leave a transition unset (or point outside the table) is refused, never used.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "byte_io.h"
#include "folding.h"
#include "prefix_automaton.h"

using chiplight::ByteWriter;
using chiplight::PrefixAutomaton;

namespace {

// A hand-written stored automaton in PrefixAutomaton's layout ("chiplight-automaton-3"): two
// byte classes (0: not a letter or digit, 1: letters and digits), the two root rows, and one row
// where an atom of length 1 ends. `root_patches` is the first root row's list of
// (class, target row); a valid table lists each class once.
std::string StoredAutomaton(const std::vector<std::pair<unsigned, unsigned>>& root_patches) {
  ByteWriter out;
  out.Raw("chiplight-automaton-3");
  out.Number(2);  // classes
  std::string classes(256, '\0');
  for (int b = 0; b < 256; ++b) {
    classes[b] = chiplight::IsAsciiAlnum(static_cast<unsigned char>(b)) ? 1 : 0;
  }
  out.Raw(classes);
  out.Number(3);  // rows
  out.Number(2);  // the first accepting row
  out.Number(1);  // the longest atom
  // Row 0 (after anything but a letter or digit): as given.
  out.Number(0);
  out.Number(root_patches.size());
  for (const auto& [c, target] : root_patches) {
    out.Byte(c);
    out.Number(target);
  }
  out.Number(0);  // no atom ends here
  // Row 1 (after a letter or digit): complete.
  out.Number(0);
  out.Number(2);
  out.Byte(0);
  out.Number(0);
  out.Byte(1);
  out.Number(1);
  out.Number(0);
  // Row 2: the root row's transitions, and an atom (alternative 0, length 1) ends here.
  out.Number(0);
  out.Number(0);
  out.Number(1);
  out.Byte(1);
  out.Byte(1);
  out.Number(0);
  return out.Take();
}

}  // namespace

TEST_CASE("a stored automaton whose rows set every class once is read", "[tables]") {
  const auto automaton = PrefixAutomaton::Deserialize(StoredAutomaton({{0, 0}, {1, 1}}), 1);
  REQUIRE(automaton != nullptr);
  std::vector<PrefixAutomaton::Candidate> found;
  automaton->Collect("some text", &found);
  CHECK(found.empty());  // no byte leads to the accepting row
}

TEST_CASE("a stored automaton that leaves a transition unset is refused", "[tables]") {
  // The first root row lists class 0 twice and never class 1: its entry for letters and digits
  // was left uninitialised, and the scan would read it as a row offset (out of bounds).
  CHECK(PrefixAutomaton::Deserialize(StoredAutomaton({{0, 0}, {0, 0}}), 1) == nullptr);
  // Out of order is refused too (Serialize writes classes in increasing order).
  CHECK(PrefixAutomaton::Deserialize(StoredAutomaton({{1, 1}, {0, 0}}), 1) == nullptr);
  // A target row outside the table.
  CHECK(PrefixAutomaton::Deserialize(StoredAutomaton({{0, 0}, {1, 3}}), 1) == nullptr);
  // An alternative beyond the caller's count.
  CHECK(PrefixAutomaton::Deserialize(StoredAutomaton({{0, 0}, {1, 1}}), 0) == nullptr);
}
