#include <catch2/catch.hpp>

#include "chiplight/assess.h"
#include "test_support.h"

using namespace chiplight;
using namespace chiplight::testing;

namespace {
Assessment AssessText(const std::string& text) {
  return Assess(*RulesLexicon(), RulesMatcher().Scan(text));
}
std::vector<std::string> EvidenceIds(const Assessment& a) {
  std::vector<std::string> ids;
  for (const Match& m : a.evidence) ids.push_back(RulesLexicon()->entries()[m.entry].id);
  return ids;
}
}  // namespace

TEST_CASE("chip + cloud + intermediary is the strong pattern", "[assess]") {
  auto a = AssessText("深圳大学通过中介采购AWS账号，使用英伟达A100和H100服务器。A100 again.");
  CHECK(a.verdict == Verdict::kStrong);
  CHECK(VerdictName(a.verdict) == "strong");
  // First mention of each distinct entry, in document order; the vendor is not evidence.
  CHECK(EvidenceIds(a) == Strings{"intermediary-wording", "aws", "nvidia-a100", "nvidia-h100"});
  CHECK(a.explanation ==
        "Controlled chip (Nvidia A100, Nvidia H100) with cloud provider (Amazon Web Services) "
        "through intermediary or rental wording (Intermediary).");
}

TEST_CASE("weaker patterns", "[assess]") {
  CHECK(AssessText("A100 servers on AWS").verdict == Verdict::kModerate);
  CHECK(AssessText("算力租赁 of H100 clusters").verdict == Verdict::kWeak);
  auto chip_only = AssessText("The A100 is fast.");
  CHECK(chip_only.verdict == Verdict::kNone);
  CHECK(chip_only.evidence.empty());
  // A vendor name is not a controlled chip.
  CHECK(AssessText("Nvidia on AWS via an intermediary").verdict == Verdict::kNone);
  CHECK(AssessText("").verdict == Verdict::kNone);
  CHECK(AssessText("").explanation == "No controlled chip is named.");
}

TEST_CASE("verdicts are ordered by strength", "[assess]") {
  CHECK(Verdict::kStrong > Verdict::kModerate);
  CHECK(Verdict::kModerate > Verdict::kWeak);
  CHECK(Verdict::kWeak > Verdict::kNone);
}
