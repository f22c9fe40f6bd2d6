// Native matching benchmark (not a test). Prints MB/s of Matcher::Scan and, in the same run and
// on the same corpus, of a bare RE2 Match() loop over the same alternation with no capture
// groups: the reference to stay close to. The last line is one JSON object.
//
//   chiplight_bench [--mb N] [--lexicon FILE] [--synthetic-names N] [--write-corpus FILE]
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "chiplight/listed.h"
#include "chiplight/matcher.h"
#include "corpus.h"
#include "folding.h"
#include "lexicon_internal.h"
#include "name_tokens.h"
#include "utf8.h"

namespace {

using Clock = std::chrono::steady_clock;

template <typename F>
double BestSeconds(int runs, F&& work) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    work();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

// The same alternatives the matcher compiles, as one plain RE2 with the same options.
std::string Alternation(const chiplight::Lexicon& lexicon) {
  std::string pattern;
  for (const auto& e : lexicon.entries()) {
    for (const auto& name : e.names) {
      pattern += (pattern.empty() ? "" : "|") + chiplight::NameAlternative(name, e.case_sensitive);
    }
    for (const auto& p : e.patterns) {
      pattern += (pattern.empty() ? "" : "|") + chiplight::PatternAlternative(p, e.case_sensitive);
    }
  }
  return pattern;
}

// A lexicon with `count` made-up model names added, to keep an eye on RE2's memory cliffs.
std::shared_ptr<const chiplight::Lexicon> WithSyntheticNames(const chiplight::Lexicon& base,
                                                             size_t count) {
  nlohmann::json extra = nlohmann::json::array();
  for (size_t i = 0; i < count; ++i) {
    std::string name = "XQ" + std::to_string(1000 + i) + (i % 2 ? " Pro" : "-Z");
    extra.push_back({{"id", "synthetic-" + std::to_string(i)},
                     {"category", "chip"},
                     {"label", name},
                     {"names", {name}}});
  }
  return chiplight::LexiconInternals::WithExtraEntries(base, extra, "synthetic");
}

}  // namespace

// Resident memory of this process (Linux /proc; 0 elsewhere).
static size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4096;
}

int main(int argc, char** argv) {
  size_t megabytes = 20;
  size_t synthetic = 0;
  std::string lexicon_path, corpus_out, listed_path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << arg << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--mb") {
      megabytes = std::stoul(value());
    } else if (arg == "--lexicon") {
      lexicon_path = value();
    } else if (arg == "--synthetic-names") {
      synthetic = std::stoul(value());
    } else if (arg == "--write-corpus") {
      corpus_out = value();
    } else if (arg == "--listed") {
      listed_path = value();
    } else {
      std::cerr << "usage: chiplight_bench [--mb N] [--lexicon FILE] [--synthetic-names N] "
                   "[--write-corpus FILE] [--listed listed-lexicon.json]\n";
      return 2;
    }
  }
  auto lexicon = lexicon_path.empty() ? chiplight::Lexicon::BuiltIn()
                                      : chiplight::Lexicon::FromFile(lexicon_path);
  const std::string corpus = chiplight::bench::MakeCorpus(*lexicon, megabytes << 20);
  if (!corpus_out.empty()) {
    std::ofstream(corpus_out, std::ios::binary) << corpus;
    std::cout << "wrote " << corpus.size() << " bytes to " << corpus_out << "\n";
    return 0;
  }
  if (synthetic > 0) lexicon = WithSyntheticNames(*lexicon, synthetic);

  size_t names = 0;
  for (const auto& e : lexicon->entries()) names += e.names.size() + e.patterns.size();
  const double mb = static_cast<double>(corpus.size()) / (1 << 20);
  std::cout << "corpus: " << corpus.size() << " bytes (English and Chinese), lexicon "
            << lexicon->version() << ": " << lexicon->entries().size() << " entries, " << names
            << " names and patterns\n";

  auto compile_start = Clock::now();
  chiplight::Matcher matcher(lexicon);
  const double compile_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - compile_start).count();

  re2::RE2::Options options;
  options.set_longest_match(true);
  options.set_never_capture(true);
  options.set_max_mem(int64_t{256} << 20);
  re2::RE2 bare(Alternation(*lexicon), options);
  if (!bare.ok()) {
    std::cerr << "baseline does not compile: " << bare.error() << "\n";
    return 1;
  }

  size_t bare_hits = 0, scan_hits = 0;
  auto bare_loop = [&] {
    bare_hits = 0;
    re2::StringPiece text(corpus), found;
    size_t pos = 0;
    while (bare.Match(text, pos, text.size(), re2::RE2::UNANCHORED, &found, 1)) {
      ++bare_hits;
      pos = static_cast<size_t>(found.data() - text.data()) + std::max<size_t>(found.size(), 1);
    }
  };
  auto scan = [&] { scan_hits = matcher.Scan(corpus).size(); };
  // Warm both DFAs, then interleave the runs so drift on a noisy machine hits both alike.
  bare_loop();
  scan();
  double bare_s = 1e9, scan_s = 1e9;
  for (int round = 0; round < 3; ++round) {
    bare_s = std::min(bare_s, BestSeconds(1, bare_loop));
    scan_s = std::min(scan_s, BestSeconds(1, scan));
  }
  const double bare_mbs = mb / bare_s, scan_mbs = mb / scan_s;
  std::cout << "bare RE2 Match() loop: " << bare_mbs << " MB/s (" << bare_hits << " hits)\n";
  std::cout << "Matcher::Scan:         " << scan_mbs << " MB/s (" << scan_hits << " matches)\n";
  std::cout << "ratio scan/bare:       " << scan_mbs / bare_mbs << " (target >= 0.9)\n";
  std::cout << "compile:               " << compile_ms << " ms\n";
  if (!listed_path.empty()) {
    // The listed parties' cost (docs/listed-parties.md): loading them, and the same corpus
    // scanned with and without them, interleaved.
    std::ifstream in(listed_path, std::ios::binary);
    const std::string listed_json((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
    const size_t rss_before = ResidentBytes();
    auto load_start = Clock::now();
    auto listed = chiplight::WithListedParties(*lexicon, listed_json, listed_path).lexicon;
    const double parse_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - load_start).count();
    chiplight::Matcher with_listed(listed);
    const double load_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - load_start).count();
    std::cout << "listed parties: parsed and validated in " << parse_ms << " ms, matcher built in "
              << load_ms - parse_ms << " ms\n";
    size_t listed_hits = 0;
    auto scan_listed = [&] { listed_hits = with_listed.Scan(corpus).size(); };
    scan_listed();
    const size_t rss_after = ResidentBytes();
    double plain_s = 1e9, listed_s = 1e9;
    for (int round = 0; round < 3; ++round) {
      plain_s = std::min(plain_s, BestSeconds(1, scan));
      listed_s = std::min(listed_s, BestSeconds(1, scan_listed));
    }
    std::cout << "with the listed parties: " << mb / listed_s << " MB/s (" << listed_hits
              << " matches) vs " << mb / plain_s << " MB/s without: ratio " << plain_s / listed_s
              << "; loading them and building the matcher " << load_ms << " ms; resident memory +"
              << (rss_after - rss_before) / (1 << 20) << " MiB\n";
    std::cout << nlohmann::json{{"listed_scan_mb_per_s", mb / listed_s},
                                {"plain_scan_mb_per_s", mb / plain_s},
                                {"listed_ratio", plain_s / listed_s},
                                {"listed_load_ms", load_ms},
                                {"listed_rss_mib", (rss_after - rss_before) / (1 << 20)}}
                     .dump()
              << "\n";
  }
  nlohmann::json summary = {{"corpus_bytes", corpus.size()}, {"names_and_patterns", names},
                            {"scan_mb_per_s", scan_mbs},     {"bare_re2_mb_per_s", bare_mbs},
                            {"ratio", scan_mbs / bare_mbs},  {"matches", scan_hits},
                            {"compile_ms", compile_ms}};
  std::cout << summary.dump() << "\n";
  return 0;
}
