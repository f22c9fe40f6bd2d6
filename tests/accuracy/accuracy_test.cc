// The accuracy suite for the built-in lexicon (core/data/lexicon.json).
//
// Every case in tests/accuracy/cases/ is a plain UTF-8 text (<name>.txt) with its expected mentions
// (<name>.expected.json: exact surface text, entry id and byte offsets, in order). The cases are
// built from tests/accuracy/annotated/ by tests/accuracy/tools/build_cases.py.
//
// A found mention is a true positive when its span and id equal an expected one; anything else
// found is a false positive, anything expected and not found a false negative. Precision and
// recall are computed per category over the whole corpus and must stay at or above the
// thresholds below (docs/accuracy.md explains them). Texts of kind "neg" (unrelated pages full of
// collisions) must produce no highlight at all.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "chiplight/lexicon.h"
#include "chiplight/listed.h"
#include "chiplight/matcher.h"
#include "lexicon_internal.h"

namespace {

namespace fs = std::filesystem;
using chiplight::Category;
using chiplight::CategoryName;
using chiplight::Lexicon;
using chiplight::LexiconInternals;
using chiplight::Matcher;
using nlohmann::json;

// The figures the suite enforces, per category (docs/accuracy.md).
constexpr double kMinPrecision = 0.97;
constexpr double kMinRecall = 0.95;
constexpr size_t kMinCases = 40;
constexpr size_t kMinMentionsPerCategory = 20;

const std::string kSourceDir = CHIPLIGHT_SOURCE_DIR;
const std::string kLexiconPath = kSourceDir + "/core/data/lexicon.json";
const std::string kCasesDir = kSourceDir + "/tests/accuracy/cases";
// The listed parties (docs/listed-parties.md) are scanned too: texts name them, and pages where
// their names mean something else must stay clean.
const std::string kListedPath = kSourceDir + "/core/data/entity-list/listed-lexicon.json";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::shared_ptr<const Lexicon> TheLexicon() {
  static auto lexicon = chiplight::WithListedParties(*Lexicon::FromFile(kLexiconPath),
                                                     ReadFile(kListedPath), kListedPath)
                            .lexicon;
  return lexicon;
}

const Matcher& TheMatcher() {
  static Matcher matcher(TheLexicon());
  return matcher;
}

struct Mention {
  size_t start, end;
  std::string id;
  std::string text;
  bool operator<(const Mention& o) const {
    return std::tie(start, end, id) < std::tie(o.start, o.end, o.id);
  }
};

struct Case {
  std::string name;
  std::string kind;
  std::string text;
  std::vector<Mention> expected;
};

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::vector<fs::path> paths;
  for (const auto& item : fs::directory_iterator(kCasesDir)) {
    if (item.path().extension() == ".txt") paths.push_back(item.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) {
    Case c;
    c.name = path.stem().string();
    c.text = ReadFile(path);
    fs::path expected_path = path;
    expected_path.replace_extension(".expected.json");
    INFO("case " << c.name);
    REQUIRE(fs::exists(expected_path));
    json expected = json::parse(ReadFile(expected_path));
    c.kind = expected.at("kind").get<std::string>();
    for (const json& m : expected.at("mentions")) {
      c.expected.push_back({m.at("start").get<size_t>(), m.at("end").get<size_t>(),
                            m.at("id").get<std::string>(), m.at("text").get<std::string>()});
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = LoadCases();
  return cases;
}

struct Counts {
  size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn); }
};

struct Evaluation {
  std::map<std::string, Counts> by_category;
  std::map<std::string, Counts> by_kind;
  std::vector<std::string> misses;  // readable FP/FN lines
  std::map<std::string, size_t> found_in_negatives;
};

const Evaluation& Evaluate() {
  static const Evaluation evaluation = [] {
    Evaluation ev;
    const Lexicon& lexicon = *TheLexicon();
    for (Category c : chiplight::kAllCategories) ev.by_category[std::string(CategoryName(c))];
    auto category_of = [&](const std::string& id) {
      const auto* entry = lexicon.Find(id);
      return entry ? std::string(CategoryName(entry->category)) : std::string("unknown");
    };
    for (const Case& c : Cases()) {
      ev.by_kind[c.kind];
      std::set<Mention> expected(c.expected.begin(), c.expected.end());
      std::set<Mention> found;
      for (const auto& m : TheMatcher().Scan(c.text)) {
        found.insert(
            {m.start, m.end, TheMatcher().entry(m).id, c.text.substr(m.start, m.end - m.start)});
      }
      for (const Mention& m : found) {
        Counts& cat = ev.by_category[category_of(m.id)];
        Counts& kind = ev.by_kind[c.kind];
        if (expected.count(m)) {
          ++cat.tp;
          ++kind.tp;
        } else {
          ++cat.fp;
          ++kind.fp;
          ev.misses.push_back("FP " + c.name + ": \"" + m.text + "\" as " + m.id + " at " +
                              std::to_string(m.start));
          if (c.kind == "neg") ++ev.found_in_negatives[c.name];
        }
      }
      for (const Mention& m : expected) {
        if (found.count(m)) continue;
        ++ev.by_category[category_of(m.id)].fn;
        ++ev.by_kind[c.kind].fn;
        ev.misses.push_back("FN " + c.name + ": \"" + m.text + "\" as " + m.id + " at " +
                            std::to_string(m.start));
      }
    }
    // The report, printed once: `ctest -V -R accuracy` or running the test binary shows it.
    std::cout << "\nChiplight accuracy, lexicon " << lexicon.version() << ", " << Cases().size()
              << " cases\n";
    std::cout << std::left << std::setw(14) << "category" << std::right << std::setw(6) << "TP"
              << std::setw(6) << "FP" << std::setw(6) << "FN" << std::setw(11) << "precision"
              << std::setw(9) << "recall"
              << "\n";
    auto row = [](const std::string& name, const Counts& k) {
      std::cout << std::left << std::setw(14) << name << std::right << std::setw(6) << k.tp
                << std::setw(6) << k.fp << std::setw(6) << k.fn << std::fixed
                << std::setprecision(3) << std::setw(11) << k.precision() << std::setw(9)
                << k.recall() << "\n";
    };
    for (const auto& [name, k] : ev.by_category) row(name, k);
    std::cout << "by kind of text:\n";
    for (const auto& [name, k] : ev.by_kind) row(name, k);
    for (const std::string& line : ev.misses) std::cout << "  " << line << "\n";
    std::cout << std::flush;
    return ev;
  }();
  return evaluation;
}

}  // namespace

TEST_CASE("the lexicon file loads and compiles", "[accuracy][lexicon]") {
  std::shared_ptr<const Lexicon> lexicon;
  REQUIRE_NOTHROW(lexicon = Lexicon::FromFile(kLexiconPath));
  CHECK(LexiconInternals::Document(*lexicon).at("format") == 1);
  CHECK_FALSE(lexicon->version().empty());
  REQUIRE_NOTHROW(Matcher(lexicon));
  // The library embeds the same file: a stale build would measure another lexicon.
  CHECK(Lexicon::BuiltIn()->version() == lexicon->version());
  CHECK(Lexicon::BuiltIn()->entries().size() == lexicon->entries().size());
}

TEST_CASE("every glossary entry is complete and every link resolves", "[accuracy][glossary]") {
  const Lexicon& lexicon = *TheLexicon();
  std::map<std::string, size_t> per_category;
  for (const auto& entry : lexicon.entries()) {
    INFO("entry " << entry.id);
    ++per_category[std::string(CategoryName(entry.category))];
    // A listed party's card is its listing (glossary.listed), checked by tests/entity_list.
    if (entry.category == Category::kListed) continue;
    REQUIRE(LexiconInternals::Source(lexicon, entry).contains("glossary"));
    const json& g = LexiconInternals::Source(lexicon, entry).at("glossary");
    REQUIRE(g.contains("summary"));
    for (const char* lang : {"en", "zh"}) {
      INFO("summary." << lang);
      REQUIRE(g.at("summary").contains(lang));
      CHECK(g.at("summary").at(lang).get<std::string>().size() >= 6);
    }
    REQUIRE(g.contains("dates"));
    CHECK_FALSE(g.at("dates").empty());
    for (const json& d : g.at("dates")) {
      CHECK_FALSE(d.at("date").get<std::string>().empty());
      CHECK_FALSE(d.at("event").get<std::string>().empty());
    }
    REQUIRE(g.contains("citations"));
    CHECK_FALSE(g.at("citations").empty());
    for (const json& cite : g.at("citations")) {
      CHECK_FALSE(cite.at("text").get<std::string>().empty());
      // Reporting whose original address is unknown is cited by publisher, title and date alone;
      // which addresses are allowed is citations_test.cc's job.
      if (cite.contains("url")) {
        const std::string url = cite.at("url").get<std::string>();
        CHECK((url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0));
      }
    }
    REQUIRE(g.contains("related"));
    CHECK_FALSE(g.at("related").empty());
    for (const json& r : g.at("related")) {
      INFO("related " << r);
      CHECK(lexicon.Find(r.get<std::string>()) != nullptr);
      CHECK(r.get<std::string>() != entry.id);
    }
    if (entry.is_controlled_chip()) {
      // A chip says which rules control it and since when; the rules are regulation entries.
      REQUIRE(g.contains("control"));
      const json& control = g.at("control");
      REQUIRE(control.contains("rules"));
      CHECK_FALSE(control.at("rules").empty());
      CHECK(control.contains("since"));
      for (const json& r : control.at("rules")) {
        INFO("control rule " << r);
        const auto* rule = lexicon.Find(r.get<std::string>());
        REQUIRE(rule != nullptr);
        CHECK(rule->category == Category::kRegulation);
      }
    }
  }
  for (Category c : chiplight::kAllCategories) {
    INFO("category " << CategoryName(c));
    CHECK(per_category[std::string(CategoryName(c))] >= 15);
  }
}

TEST_CASE("the corpus is well formed", "[accuracy][corpus]") {
  const auto& cases = Cases();
  CHECK(cases.size() >= kMinCases);
  std::map<std::string, size_t> kinds, mentions;
  for (const Case& c : cases) {
    INFO("case " << c.name);
    ++kinds[c.kind];
    size_t previous = 0;
    for (const Mention& m : c.expected) {
      INFO("mention \"" << m.text << "\" as " << m.id);
      REQUIRE(m.end <= c.text.size());
      CHECK(c.text.substr(m.start, m.end - m.start) == m.text);
      CHECK(m.start >= previous);  // in order, not overlapping
      previous = m.end;
      const auto* entry = TheLexicon()->Find(m.id);
      REQUIRE(entry != nullptr);
      ++mentions[std::string(CategoryName(entry->category))];
    }
    if (c.kind == "neg") CHECK(c.expected.empty());
  }
  for (const char* kind : {"en-news", "zh-news", "tw-news", "tender", "neg"}) {
    INFO("kind " << kind);
    CHECK(kinds[kind] >= 3);
  }
  for (Category c : chiplight::kAllCategories) {
    INFO("category " << CategoryName(c));
    CHECK(mentions[std::string(CategoryName(c))] >= kMinMentionsPerCategory);
  }
}

TEST_CASE("the cases are up to date with their annotated sources", "[accuracy][corpus]") {
  // tests/accuracy/tools/build_cases.py writes cases/ from annotated/; a source edited without
  // rerunning it would be measured against stale text.
  const std::regex mark(R"(\[\[([^\]|]+)\|([a-z0-9-]+)\]\])");
  size_t sources = 0;
  for (const auto& item : fs::directory_iterator(kSourceDir + "/tests/accuracy/annotated")) {
    if (item.path().extension() != ".txt") continue;
    ++sources;
    INFO("annotated source " << item.path().filename().string());
    const fs::path text = fs::path(kCasesDir) / item.path().filename();
    REQUIRE(fs::exists(text));
    CHECK(std::regex_replace(ReadFile(item.path()), mark, "$1") == ReadFile(text));
  }
  CHECK(sources == Cases().size());
}

TEST_CASE("precision and recall per category meet the thresholds", "[accuracy][metrics]") {
  const Evaluation& ev = Evaluate();
  for (const auto& [category, k] : ev.by_category) {
    INFO("category " << category << ": TP " << k.tp << ", FP " << k.fp << ", FN " << k.fn);
    CHECK(k.precision() >= kMinPrecision);
    CHECK(k.recall() >= kMinRecall);
  }
}

TEST_CASE("unrelated pages get no highlight", "[accuracy][negatives]") {
  const Evaluation& ev = Evaluate();
  for (const auto& [name, count] : ev.found_in_negatives) {
    INFO("negative case " << name << " has " << count << " highlight(s)");
    CHECK(count == 0);
  }
}
