// Pattern prefixes (core/src/pattern_prefixes.h): every match of a pattern starts with one.
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

TEST_CASE("case-insensitive patterns include RE2's non-ASCII folds", "[prefilter]") {
  CHECK(Sorted(PatternPrefixes("ks", true)) ==
        Prefixes{{"ks", "k\xC5\xBF", "\xE2\x84\xAAs", "\xE2\x84\xAA\xC5\xBF"}});
  CHECK(Sorted(PatternPrefixes("ks", false)) == Prefixes{{"ks"}});
  CHECK_FALSE(PatternPrefixes("éclair", true).has_value());  // É too: unknown
  CHECK(Sorted(PatternPrefixes("阿里云", true)) == Prefixes{{"阿里"}});
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
