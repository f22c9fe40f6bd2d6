// Matching is linear in the text's length, proven by counting work rather than timing it: the
// bytes every search of a scan is given (WorkCounter) grow at most 4.5 times when the text grows
// 4 times, on adversarial texts generated from every built-in pattern's own syntax and every
// name (tests/core/adversarial_texts.h), on user patterns that are pathological in themselves,
// and on plain text. Both search strategies: the prefix automaton's candidates, and RE2 alone.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "adversarial_texts.h"
#include "test_support.h"

using namespace chiplight;
using namespace chiplight::adversarial;
using namespace chiplight::testing;

namespace {

constexpr double kMaxRatio = 4.5;
// Runs far longer than a term may be (kLongestTerm, 512 bytes): a scan that read a run once per
// place in it would show a ratio near 16.
constexpr size_t kSmall = 8 << 10;

struct Worst {
  double ratio = 0;
  std::string what;
};

// work(4n) / work(n) for one text family, checked; the worst so far kept in `worst`.
void CheckLinear(const Matcher& matcher, const std::string& what, const std::string& small,
                 const std::string& large, Worst* worst) {
  const uint64_t work_small = ScanWork(matcher, small);
  const uint64_t work_large = ScanWork(matcher, large);
  const double ratio =
      static_cast<double>(work_large) / static_cast<double>(std::max<uint64_t>(work_small, 1));
  INFO(what << ": work " << work_small << " for " << small.size() << " bytes, " << work_large
            << " for " << large.size());
  CHECK(ratio <= kMaxRatio);
  if (ratio > worst->ratio) *worst = {ratio, what};
}

// `text` as the inside of a JSON string.
std::string JsonEscaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

MatcherOptions RE2Alone() {
  MatcherOptions options;
  options.use_prefilter = false;
  return options;
}

}  // namespace

TEST_CASE("matching is linear on texts made from every built-in pattern and name",
          "[linear][matcher]") {
  const auto lexicon = Lexicon::BuiltIn();
  const std::vector<Family> families = FamiliesOf(*lexicon);
  REQUIRE(families.size() > 100);  // every loop of every pattern, and the names
  const Matcher prefiltered(lexicon);
  const Matcher re2_alone(lexicon, RE2Alone());
  Worst worst;
  for (const Family& family : families) {
    const std::string small = family.Text(kSmall), large = family.Text(4 * kSmall);
    CheckLinear(prefiltered, "prefilter, " + family.name, small, large, &worst);
    CheckLinear(re2_alone, "RE2 alone, " + family.name, small, large, &worst);
  }
  WARN("worst work(4n)/work(n) over " << families.size() << " families: " << worst.ratio << " ("
                                      << worst.what << ")");
}

TEST_CASE("matching is linear with user patterns that are pathological in themselves",
          "[linear][matcher]") {
  Worst worst;
  for (const UserCase& user : PathologicalUserPatterns()) {
    const std::string json = std::string(R"({"format": 1, "version": "1", "entries": [)") +
                             R"({"id": "user", "category": "chip", "label": "U", "patterns": [")" +
                             JsonEscaped(user.pattern) + R"("]}]})";
    const auto lexicon = Lexicon::FromJson(json);
    const std::string small = Run(user.stem, user.unit, user.tail, kSmall);
    const std::string large = Run(user.stem, user.unit, user.tail, 4 * kSmall);
    const std::string what = std::string(user.pattern) + " (" + user.why + ")";
    CheckLinear(Matcher(lexicon), "prefilter, " + what, small, large, &worst);
    CheckLinear(Matcher(lexicon, RE2Alone()), "RE2 alone, " + what, small, large, &worst);
    // And the two agree.
    CHECK(Matcher(lexicon).Scan(large) == Matcher(lexicon, RE2Alone()).Scan(large));
  }
  WARN("worst work(4n)/work(n) over pathological user patterns: " << worst.ratio << " ("
                                                                  << worst.what << ")");
}

TEST_CASE("a large plain text is read in one linear pass, in blocks or whole",
          "[linear][matcher][large]") {
  // Replaces a test that relied on a timeout: RE2 alone asked for small blocks once searched on
  // past each block to the next match, for every block.
  const std::string chunk = "Plain filler text about nothing in particular, 没有相关内容。 ";
  auto text_of = [&](size_t bytes) {
    std::string text;
    while (text.size() < bytes) text += chunk;
    return text + "A100 AWS";
  };
  const std::string small = text_of(256 << 10), large = text_of(1 << 20);
  for (size_t block : {size_t{256}, size_t{1} << 16}) {
    for (bool prefilter : {true, false}) {
      MatcherOptions options;
      options.use_prefilter = prefilter;
      options.block_bytes = block;
      const Matcher matcher(RulesLexicon(), options);
      const auto matches = matcher.Scan(large);
      REQUIRE(matches.size() == 2);
      CHECK(matches[1].end == large.size());
      Worst worst;
      CheckLinear(matcher,
                  std::string(prefilter ? "prefilter" : "RE2 alone") + ", blocks of " +
                      std::to_string(block),
                  small, large, &worst);
      // About one pass: the work is within twice the text (the automaton's lanes overlap a
      // little; RE2 alone's windows overlap by a term's length).
      CHECK(ScanWork(matcher, large) <= 2 * large.size());
    }
  }
}
