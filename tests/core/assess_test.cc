#include <catch2/catch.hpp>

#include "chiplight/assess.h"
#include "test_support.h"

using namespace chiplight;
using namespace chiplight::testing;

namespace {
Assessment AssessText(const std::string& text) {
  return Assess(*RulesLexicon(), RulesMatcher().Scan(text));
}
std::vector<std::string> EvidenceIds(const std::string& text) {
  const std::vector<Match> matches = RulesMatcher().Scan(text);
  std::vector<std::string> ids;
  for (size_t i : Assess(*RulesLexicon(), matches).evidence) {
    ids.push_back(RulesLexicon()->entries()[matches[i].entry].id);
  }
  return ids;
}
}  // namespace

TEST_CASE("chip + cloud + intermediary is the strong pattern", "[assess]") {
  const std::string text = "深圳大学通过中介采购AWS账号，使用英伟达A100和H100服务器。A100 again.";
  auto a = AssessText(text);
  CHECK(a.verdict == Verdict::kStrong);
  CHECK(VerdictName(a.verdict) == "strong");
  // First mention of each distinct entry, in document order; the vendor is not evidence.
  CHECK(EvidenceIds(text) == Strings{"intermediary-wording", "aws", "nvidia-a100", "nvidia-h100"});
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

// Verdicts sort by strength.
static_assert(Verdict::kNone < Verdict::kWeak && Verdict::kWeak < Verdict::kModerate &&
              Verdict::kModerate < Verdict::kStrong);

TEST_CASE("evidence is indexes into the input, in its order; offsets are never read", "[assess]") {
  const std::string text = "A100 rented on AWS through a 中介 and another A100";
  std::vector<Match> matches = RulesMatcher().Scan(text);
  const Assessment scanned = Assess(*RulesLexicon(), matches);
  REQUIRE(scanned.verdict == Verdict::kStrong);
  REQUIRE(!scanned.evidence.empty());
  for (size_t k = 1; k < scanned.evidence.size(); ++k) {
    CHECK(scanned.evidence[k - 1] < scanned.evidence[k]);
  }
  for (size_t i : scanned.evidence) CHECK(i < matches.size());
  // Only entries count: the same verdict, evidence and explanation without offsets.
  for (Match& m : matches) m.start = m.end = 0;
  const Assessment entries_only = Assess(*RulesLexicon(), matches);
  CHECK(entries_only.verdict == scanned.verdict);
  CHECK(entries_only.evidence == scanned.evidence);
  CHECK(entries_only.explanation == scanned.explanation);
}
