// A name's atoms (core/src/name_tokens.h): every spelling of a name starts with one.
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
