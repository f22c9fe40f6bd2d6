// Listed parties as a reader meets them: names found in realistic English and Chinese text with
// the variants the list's names take there, names that need context not found without it, a
// listed name inside a longer word not found, the verdict with a listed party, and the loader's
// errors (docs/listed-parties.md).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "chiplight/assess.h"
#include "chiplight/lexicon.h"
#include "chiplight/listed.h"
#include "chiplight/matcher.h"
#include "matcher_tables.h"

using namespace chiplight;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const ListedParties& Packaged() {
  static const ListedParties parties = WithListedParties(
      *Lexicon::BuiltIn(), ReadFile(CHIPLIGHT_LISTED_LEXICON), "listed-lexicon.json");
  return parties;
}

const Matcher& ListedMatcher() {
  static const Matcher matcher(Packaged().lexicon);
  return matcher;
}

struct Found {
  std::string text;
  std::string id;
};

// The listed parties found in `text`: what was matched and the entry's id.
std::vector<Found> Listed(const std::string& text) {
  std::vector<Found> found;
  for (const Match& m : ListedMatcher().Scan(text)) {
    const Entry& e = ListedMatcher().entry(m);
    if (e.category == Category::kListed)
      found.push_back({text.substr(m.start, m.end - m.start), e.id});
  }
  return found;
}

std::set<std::string> Texts(const std::vector<Found>& found) {
  std::set<std::string> texts;
  for (const auto& f : found) texts.insert(f.text);
  return texts;
}

}  // namespace

TEST_CASE("the packaged list loads, with its date, and states the card's facts", "[listed]") {
  const ListedParties& parties = Packaged();
  CHECK(parties.list_date == "2025-10-09");
  const Entry* huawei = parties.lexicon->Find("listed-entity-huawei-technologies-co-ltd");
  REQUIRE(huawei != nullptr);
  CHECK(huawei->category == Category::kListed);
  CHECK(huawei->label == "Huawei Technologies Co., Ltd.");
  // The matcher keeps its prefix automaton with the list (not RE2 alone, many times slower).
  CHECK(ListedMatcher().prefiltered());
}

TEST_CASE("English names: legal suffixes, case, brackets, aliases and subordinate units",
          "[listed]") {
  const std::string text =
      "Tender documents show that HUAWEI TECHNOLOGIES CO., LTD. (Shenzhen) and Huawei Technologies "
      "Co Ltd bid, while iFlytek and Sugon Information Industry supplied servers. Zhongke Shuguang "
      "is Sugon's Chinese name. Semiconductor Manufacturing International Corporation (SMIC) made "
      "the parts; the Huawei Technologies Co., Ltd., Beijing Research Institute tested them.";
  const auto found = Listed(text);
  const auto texts = Texts(found);
  CHECK(texts.count("HUAWEI TECHNOLOGIES CO., LTD."));  // the full name, any case
  CHECK(texts.count("Huawei Technologies"));            // "Co Ltd" left out: the core matches
  CHECK(texts.count("iFlytek"));
  CHECK(texts.count("Sugon Information Industry"));
  CHECK(texts.count("Zhongke Shuguang"));  // an alias
  CHECK(texts.count("Semiconductor Manufacturing International Corporation (SMIC)"));
  // A subordinate unit is its own party, found whole rather than as its parent.
  CHECK(texts.count("Huawei Technologies Co., Ltd., Beijing Research Institute"));
  for (const auto& f : found) {
    if (f.text.rfind("Huawei Technologies Co., Ltd., Beijing", 0) == 0) {
      CHECK(f.id == "listed-entity-huawei-technologies-co-ltd-beijing-research-institute");
    }
  }
}

TEST_CASE("a listed name inside another listed party's longer name is that party", "[listed]") {
  const auto found = Listed("Huawei Technology Portugal opened an office in Lisbon.");
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == "listed-entity-huawei-technology-portugal");
}

TEST_CASE("Chinese names, simplified and traditional, with and without 有限公司", "[listed]") {
  const std::string simplified = "华为技术有限公司、中芯国际和科大讯飞都在名单上，中科曙光也是。";
  const std::string traditional = "華為技術有限公司與中芯國際、科大訊飛。";
  const auto s = Texts(Listed(simplified));
  CHECK(s.count("华为技术有限公司"));
  CHECK(s.count("中芯国际"));
  CHECK(s.count("科大讯飞"));
  CHECK(s.count("中科曙光"));
  const auto t = Texts(Listed(traditional));
  CHECK(t.count("華為技術有限公司"));
  CHECK(t.count("中芯國際"));
  CHECK(t.count("科大訊飛"));
}

TEST_CASE("short and everyday names need the full name or export-control words near", "[listed]") {
  // Unrelated text: none of these is a listed party here.
  CHECK(Listed("The EC said Al Gore liked the Cambrian period. Arsenal won; the Pegasus myth; "
               "dawning light over the city. 扩大疆域。")
            .empty());
  // (Far from those: 华为 is itself an export-control context word, which confirms others.)
  CHECK(Listed("华为手机很好用。").empty());
  // With the context the data asks for, the same short names count.
  const auto texts = Texts(Listed("DJI was added to the Entity List by the Commerce Department."));
  CHECK(texts.count("DJI"));
  CHECK(Texts(Listed("美国商务部将华为列入实体清单。")).count("华为"));
}

TEST_CASE("a listed name inside a longer unlisted name is not a hit", "[listed]") {
  // 电子科技大学 (UESTC) is listed; 西安电子科技大学 (Xidian University) is another school.
  CHECK(Listed("西安电子科技大学被列入实体清单的传闻不实。").empty());
  CHECK(Listed("天津大学生在寒武纪时期化石展上。").empty());
  // English: word edges (Sugon is not found inside a longer word).
  CHECK(Listed("Sugonia and iFlyteks are made up words.").empty());
  // And the listed names themselves, alone, are found.
  CHECK(Texts(Listed("电子科技大学被列入实体清单。")).count("电子科技大学"));
}

// Traditional forms no source printed, derived by OpenCC at data-build time (zh-hant-derived.json,
// docs/listed-parties.md): a Taiwanese news paragraph names them in traditional script.
TEST_CASE("traditional-script news: names no source gave in traditional script are found",
          "[listed]") {
  const std::string taiwan =
      "美國商務部將浪潮集團、浪潮電子信息產業股份有限公司、中科曙光與海光信息技術股份有限公司"
      "列入實體清單，國家超級計算無錫中心、無錫江南計算技術研究所、天津飛騰信息技術有限公司亦在其中"
      "；"
      "寒武紀與瀋陽芯源微電子設備股份有限公司同被點名，中國科學技術大學、哈爾濱工業大學、"
      "長江存儲科技有限責任公司也受影響。";
  const auto found = Listed(taiwan);
  const auto texts = Texts(found);
  for (const char* name :
       {"浪潮集團", "浪潮電子信息產業股份有限公司", "中科曙光", "海光信息技術股份有限公司",
        "國家超級計算無錫中心", "無錫江南計算技術研究所", "天津飛騰信息技術有限公司", "寒武紀",
        "瀋陽芯源微電子設備股份有限公司", "中國科學技術大學", "哈爾濱工業大學",
        "長江存儲科技有限責任公司"}) {
    INFO(name);
    CHECK(texts.count(name));
  }
  // Each is its party's, as in simplified script.
  for (const auto& f : found) {
    if (f.text == "浪潮集團") CHECK(f.id == "listed-entity-inspur-group-co-ltd");
    if (f.text == "寒武紀")
      CHECK(f.id == "listed-entity-cambricon-technologies-corporation-limited-in-context");
  }
  // Without the legal suffix, and the Hong Kong form (羣, not 群) of a name.
  CHECK(Texts(Listed("曙光信息產業與長江存儲科技都在名單上。")).count("曙光信息產業"));
  CHECK(Texts(Listed("聯眾集羣(北京)科技有限公司被列入實體清單。"))
            .count("聯眾集羣(北京)科技有限公司"));
}

TEST_CASE("traditional script: a listed name inside a longer unlisted name is not a hit",
          "[listed]") {
  // 西安電子科技大學 (Xidian) holds 電子科技大學 (UESTC, listed); 天津大學生 are students;
  // 寒武紀時期 is the Cambrian period; 擴大疆域 is not DJI (大疆).
  CHECK(Listed("西安電子科技大學被列入實體清單的傳聞不實。").empty());
  CHECK(Listed("天津大學生參觀寒武紀時期與寒武紀生命大爆發的化石展，談擴大疆域。").empty());
  CHECK(Listed("科學研究的第四範式改變了實驗室。").empty());
  // The listed names themselves, alone and in context, are found.
  CHECK(Texts(Listed("電子科技大學被列入實體清單。")).count("電子科技大學"));
  CHECK(Texts(Listed("美國商務部將寒武紀列入實體清單。")).count("寒武紀"));
  // 寒武紀 needs context as 寒武纪 does.
  CHECK(Listed("寒武紀的三葉蟲化石。").empty());
}

TEST_CASE("a listed party raises the cloud-access verdict and is in the evidence", "[listed]") {
  auto assess = [](const std::string& text) {
    return Assess(*Packaged().lexicon, ListedMatcher().Scan(text));
  };
  auto evidence_ids = [&](const std::string& text) {
    auto matches = ListedMatcher().Scan(text);
    Assessment a = Assess(*Packaged().lexicon, matches);
    std::set<std::string> ids;
    for (size_t i : a.evidence) ids.insert(ListedMatcher().entry(matches[i]).id);
    return ids;
  };
  // A chip and a cloud: moderate; with a listed party too: strong, and the party is evidence.
  CHECK(assess("Nvidia A100 servers on Alibaba Cloud.").verdict == Verdict::kModerate);
  const std::string with_party = "iFlytek rented Nvidia A100 servers on Alibaba Cloud.";
  const Assessment strong = assess(with_party);
  CHECK(strong.verdict == Verdict::kStrong);
  CHECK(evidence_ids(with_party).count("listed-entity-iflytek"));
  CHECK(strong.explanation.find("IFLYTEK") != std::string::npos);
  // A chip and a listed party alone: weak; a cloud and a listed party alone: weak.
  CHECK(assess("Sugon bought Nvidia H100 chips.").verdict == Verdict::kWeak);
  CHECK(assess("Sugon moved its servers to AWS.").verdict == Verdict::kWeak);
  // A listed party alone is news about the list, not about access to chips.
  CHECK(assess("Sugon was added to the Entity List.").verdict == Verdict::kNone);
}

TEST_CASE("a listed-parties file is validated whole, errors naming the place", "[listed]") {
  auto error_of = [](const std::string& json) -> std::string {
    try {
      WithListedParties(*Lexicon::BuiltIn(), json, "my-list.json");
    } catch (const LexiconError& error) {
      return error.what();
    }
    return "";
  };
  const std::string head = R"({"format": 1, "kind": "chiplight-listed-parties", )";
  CHECK(error_of(head + R"("list_date": "2025-10-09", "entries": []})").empty());
  CHECK(error_of(R"({"format": 1, "entries": []})") ==
        "my-list.json: kind: expected \"chiplight-listed-parties\" (a listed-parties file)");
  CHECK(error_of(head + R"("list_date": "soon", "entries": []})") ==
        "my-list.json: list_date: expected the list's date as YYYY-MM-DD");
  CHECK(error_of(head + R"("list_date": "2025-10-09", "entries": [{"id": "x", "category": "chip",
        "label": "X", "names": ["X"]}]})") ==
        "my-list.json: entries[0]: expected an entry of category \"listed\"");
  // A name the built-in lexicon already has: the lexicon's own check, with the file's place.
  CHECK(error_of(head + R"("list_date": "2025-10-09", "entries": [{"id": "x", "category":
        "listed", "label": "X", "names": ["AWS"]}]})")
            .rfind("my-list.json: entries[0] (X): names[0]: \"AWS\" is already a name of", 0) == 0);
  CHECK(error_of(head + R"("list_date": "2025-10-09", "entries": [)").rfind("my-list.json", 0) ==
        0);
}

// The packaged list read from the tables the build stores for it (core/tools/listed_tables.cc):
// what the CLI, the demo and the extension load instead of compiling the list at run time.
namespace {

const std::string& PackagedTables() {
  static const std::string tables = ReadFile(CHIPLIGHT_LISTED_TABLES);
  return tables;
}

const ListedParties& Stored() {
  static const ListedParties parties =
      StoredListedParties(ReadFile(CHIPLIGHT_LISTED_LEXICON), PackagedTables());
  return parties;
}

// Every text of the accuracy suite (its pages with listed parties, and with their names meaning
// something else, among all the others).
std::vector<std::string> ListedTexts() {
  std::vector<std::string> texts;
  for (const char* dir : {"/tests/accuracy/cases", "/tests/accuracy/annotated"}) {
    for (const auto& file :
         std::filesystem::directory_iterator(std::string(CHIPLIGHT_SOURCE_DIR) + dir)) {
      if (file.path().extension() == ".txt") texts.push_back(ReadFile(file.path().string()));
    }
  }
  // And every name of the list, one after another, in a sentence and each in capitals: each is
  // settled by the stored automaton's candidates.
  std::string names, capitals;
  for (const Entry& e : Packaged().lexicon->entries()) {
    if (e.category != Category::kListed) continue;
    for (const std::string& name : e.names) {
      names += "The export rule names " + name + " in its list; ";
      std::string upper = name;
      for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
      capitals += upper + ", ";
    }
  }
  texts.push_back(names);
  texts.push_back(capitals);
  return texts;
}

}  // namespace

TEST_CASE("the stored tables give exactly the run-time list's matches", "[listed][tables]") {
  const Matcher stored(Stored().lexicon);
  CHECK(MatcherTables::Prebuilt(stored));
  CHECK_FALSE(MatcherTables::Prebuilt(ListedMatcher()));
  CHECK(Stored().list_date == Packaged().list_date);
  const auto& a = Stored().lexicon->entries();
  const auto& b = Packaged().lexicon->entries();
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].id == b[i].id);
    CHECK(a[i].names == b[i].names);
  }
  const std::vector<std::string> texts = ListedTexts();
  REQUIRE(texts.size() >= 20);  // the suite's pages are there
  size_t listed_matches = 0;
  for (const std::string& text : texts) {
    const std::vector<Match> expected = ListedMatcher().Scan(text);
    CHECK(stored.Scan(text) == expected);
    for (const Match& m : expected) listed_matches += a[m.entry].category == Category::kListed;
  }
  CHECK(listed_matches > 10000);  // the names' text finds the list, not just the pages
  // An entry's source (the card's data) is the file's, parsed when first asked for.
  const Entry& sugon = *Stored().lexicon->Find(a[a.size() - 1].id);
  CHECK(Stored().lexicon->SourceJson(sugon) ==
        Packaged().lexicon->SourceJson(*Packaged().lexicon->Find(sugon.id)));
}

TEST_CASE("stored tables of another text, or corrupt, are a clear error, never a crash",
          "[listed][tables]") {
  const std::string json = ReadFile(CHIPLIGHT_LISTED_LEXICON);
  const std::string& tables = PackagedTables();
  auto error_of = [&](const std::string& text, const std::string& bytes) -> std::string {
    try {
      const ListedParties parties = StoredListedParties(text, bytes, "t.bin");
      const Matcher matcher(parties.lexicon);
      (void)matcher.Scan("Sugon and Inspur rent H100s from AWS; 中科曙光");
    } catch (const LexiconError& error) {
      return error.what();
    }
    return "";
  };
  CHECK(error_of(json, tables).empty());
  CHECK(error_of(json, "") ==
        "t.bin: not listed-party tables of this build "
        "(chiplight-listed-tables-1)");
  std::string other = json;
  other[other.find("Sugon")] = 'Z';  // the same length, another text
  CHECK(error_of(other, tables).rfind("t.bin: not made from this listed-parties text", 0) == 0);
  // Cut anywhere, or with a byte changed anywhere: refused with one message, never read.
  for (size_t cut = 1; cut < tables.size(); cut = cut * 3 / 2 + 1) {
    const std::string error = error_of(json, tables.substr(0, cut));
    CHECK((error == "t.bin: truncated or corrupt (its checksum differs)" ||
           error.rfind("t.bin: not listed-party tables", 0) == 0));
  }
  for (size_t at = 30; at < tables.size(); at += tables.size() / 97) {
    std::string changed = tables;
    changed[at] = static_cast<char>(changed[at] ^ 0x5A);
    CHECK(error_of(json, changed) == "t.bin: truncated or corrupt (its checksum differs)");
  }
}
