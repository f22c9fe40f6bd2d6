// Linear-time benchmark (not a test; tests/core/linearity_test.cc is the test). For every
// adversarial text family of the built-in lexicon (tests/core/adversarial_texts.h) and the
// pathological user patterns, scans the text at n and 4n bytes with both search strategies and
// prints work(4n) / work(n), where work is the bytes every search was given (WorkCounter); then
// the worst ratio found, and the seconds of the cases that were quadratic before, measured in
// this process. The last line is one JSON object.
//
//   chiplight_linearity_bench [--bytes N] [--all]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "adversarial_texts.h"

namespace {

using namespace chiplight;
using namespace chiplight::adversarial;
using Clock = std::chrono::steady_clock;

struct Row {
  std::string what;
  double ratio;
};

double Ratio(const Matcher& matcher, const std::string& small, const std::string& large) {
  const uint64_t a = ScanWork(matcher, small), b = ScanWork(matcher, large);
  return static_cast<double>(b) / static_cast<double>(std::max<uint64_t>(a, 1));
}

double Seconds(const Matcher& matcher, const std::string& text) {
  const auto start = Clock::now();
  (void)matcher.Scan(text);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::shared_ptr<const Lexicon> OnePattern(const std::string& pattern) {
  std::string escaped;
  for (char c : pattern) {
    if (c == '\\' || c == '"') escaped += '\\';
    escaped += c;
  }
  return Lexicon::FromJson(R"({"format": 1, "version": "1", "entries": [{"id": "user", )"
                           R"("category": "chip", "label": "U", "patterns": [")" +
                           escaped + R"("]}]})");
}

}  // namespace

int main(int argc, char** argv) {
  size_t bytes = 16 << 10;
  bool all = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--bytes" && i + 1 < argc) {
      bytes = std::strtoul(argv[++i], nullptr, 10);
    } else if (arg == "--all") {
      all = true;
    } else {
      std::cerr << "usage: chiplight_linearity_bench [--bytes N] [--all]\n";
      return 2;
    }
  }
  MatcherOptions re2_alone;
  re2_alone.use_prefilter = false;
  std::vector<Row> rows;
  const auto lexicon = Lexicon::BuiltIn();
  const Matcher prefiltered(lexicon), plain(lexicon, re2_alone);
  const std::vector<Family> families = FamiliesOf(*lexicon);
  for (const Family& family : families) {
    const std::string small = family.Text(bytes), large = family.Text(4 * bytes);
    rows.push_back({"prefilter, " + family.name, Ratio(prefiltered, small, large)});
    rows.push_back({"RE2 alone, " + family.name, Ratio(plain, small, large)});
  }
  for (const UserCase& user : PathologicalUserPatterns()) {
    const auto one = OnePattern(user.pattern);
    const std::string small = Run(user.stem, user.unit, user.tail, bytes);
    const std::string large = Run(user.stem, user.unit, user.tail, 4 * bytes);
    rows.push_back(
        {std::string("user, prefilter, ") + user.pattern, Ratio(Matcher(one), small, large)});
    rows.push_back({std::string("user, RE2 alone, ") + user.pattern,
                    Ratio(Matcher(one, re2_alone), small, large)});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.ratio > b.ratio; });
  const size_t shown = all ? rows.size() : std::min<size_t>(rows.size(), 15);
  std::printf(
      "work(4n)/work(n), n = %zu bytes, %zu families x 2 strategies + %zu user cases x 2"
      " (worst %zu):\n",
      bytes, families.size(), PathologicalUserPatterns().size(), shown);
  for (size_t i = 0; i < shown; ++i)
    std::printf("  %6.3f  %s\n", rows[i].ratio, rows[i].what.c_str());

  // The two cases the hardening issue timed before the fix (7 s and 10 s), now.
  const std::string gaudi = "Gaudi 2 HL" + std::string(80000, '7') + "x";
  std::string spaced;
  while (spaced.size() < (160 << 10)) spaced += "a ";
  const auto a_run = OnePattern("a[ a]*b");
  const double gaudi_seconds = Seconds(prefiltered, gaudi);
  const double gaudi_plain_seconds = Seconds(plain, gaudi);
  const double spaced_seconds = Seconds(Matcher(a_run), spaced);
  const double spaced_plain_seconds = Seconds(Matcher(a_run, re2_alone), spaced);
  std::printf("Gaudi 2 HL + 80,000 digits + x: prefilter %.4f s, RE2 alone %.4f s\n", gaudi_seconds,
              gaudi_plain_seconds);
  std::printf("a[ a]*b over 160 KB of 'a a a': prefilter %.4f s, RE2 alone %.4f s (ratio %.1f)\n",
              spaced_seconds, spaced_plain_seconds, spaced_seconds / spaced_plain_seconds);
  std::printf(
      "{\"bytes\": %zu, \"cases\": %zu, \"worst_ratio\": %.3f, \"worst\": \"%s\", "
      "\"gaudi_s\": %.4f, \"a_run_s\": %.4f, \"a_run_re2_alone_s\": %.4f}\n",
      bytes, rows.size(), rows.front().ratio, rows.front().what.substr(0, 60).c_str(),
      gaudi_seconds, spaced_seconds, spaced_plain_seconds);
  return rows.front().ratio <= 4.5 ? 0 : 1;
}
