#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <random>

#include <re2/re2.h>

#include "folding.h"
#include "name_tokens.h"
#include "test_support.h"
#include "utf8.h"

using namespace chiplight;
using namespace chiplight::testing;

TEST_CASE("names are found with exact byte offsets", "[matcher]") {
  const std::string text = "Nvidia A100 on AWS via 中介 and 阿里云.";
  auto matches = RulesMatcher().Scan(text);
  REQUIRE(matches.size() == 5);
  CHECK(text.substr(matches[0].start, matches[0].end - matches[0].start) == "Nvidia");
  CHECK(matches[1].start == 7);
  CHECK(matches[1].end == 11);
  CHECK(matches[3].start == text.find("中介"));
  CHECK(matches[3].end == text.find("中介") + 6);
  CHECK(matches[4].start == text.find("阿里云"));
  CHECK(Found(text) == Strings{"Nvidia=nvidia", "A100=nvidia-a100", "AWS=aws",
                               "中介=intermediary-wording", "阿里云=alibaba-cloud"});
}

TEST_CASE("ASCII letter and digit edges need a non-alphanumeric neighbour", "[matcher][edges]") {
  CHECK(Found("A1000 and XA100 and A100x").empty());
  CHECK(Found("LAWS, CLAWS, AWSOME").empty());
  CHECK(Found("the H200 GPU") == Strings{"H200=nvidia-h200"});
  CHECK(Found("(A100)") == Strings{"A100=nvidia-a100"});
  CHECK(Found("A100,H100;AWS.") == Strings{"A100=nvidia-a100", "H100=nvidia-h100", "AWS=aws"});
  CHECK(Found("nvidia_a100") == Strings{"nvidia=nvidia", "a100=nvidia-a100"});
  CHECK(Found("A100") == Strings{"A100=nvidia-a100"});  // the text's own ends are edges
}

TEST_CASE("CJK edges need no neighbour", "[matcher][edges][cjk]") {
  CHECK(Found("我们使用阿里云服务器") == Strings{"阿里云=alibaba-cloud"});
  CHECK(Found("通过中介租用") == Strings{"中介=intermediary-wording"});
  CHECK(Found("采购英伟达A100显卡") == Strings{"英伟达=nvidia", "A100=nvidia-a100"});
  CHECK(Found("采购A100显卡") == Strings{"A100=nvidia-a100"});
}

TEST_CASE("Latin is case-insensitive unless the entry says otherwise", "[matcher][case]") {
  CHECK(Found("aws and Aws and nvidia a100") ==
        Strings{"aws=aws", "Aws=aws", "nvidia=nvidia", "a100=nvidia-a100"});
  // "EAR" is case-sensitive: the organ is not the regulation.
  CHECK(Found("the ear canal") == Strings{});
  CHECK(Found("licensed under the EAR") == Strings{"EAR=ear"});
  CHECK(Found("lambda functions on a GPU server") == Strings{});
  CHECK(Found("Lambda rents GPU servers") == Strings{"Lambda=lambda"});
}

TEST_CASE("full-width letters and digits match as ASCII with original offsets",
          "[matcher][fullwidth]") {
  const std::string text = "采购Ｈ１００和ＡＷＳ，ａ１００";
  auto matches = RulesMatcher().Scan(text);
  CHECK(Found(text) == Strings{"Ｈ１００=nvidia-h100", "ＡＷＳ=aws", "ａ１００=nvidia-a100"});
  REQUIRE(matches.size() == 3);
  CHECK(matches[0].start == text.find("Ｈ"));
  CHECK(matches[0].end == text.find("和"));
  CHECK(matches[2].end == text.size());
  CHECK(Found("Ｈ１０００").empty());  // full-width digits are digits at the edge too
  CHECK(Found("Ｈ100 and H１００") == Strings{"Ｈ100=nvidia-h100", "H１００=nvidia-h100"});
}

TEST_CASE("separators inside names are flexible", "[matcher][separators]") {
  CHECK(Found("H100 NVL, H100-NVL, H100NVL, H100\nNVL, H100\xC2\xA0NVL") ==
        Strings{"H100 NVL=nvidia-h100-nvl", "H100-NVL=nvidia-h100-nvl", "H100NVL=nvidia-h100-nvl",
                "H100\nNVL=nvidia-h100-nvl", "H100\xC2\xA0NVL=nvidia-h100-nvl"});
  CHECK(Found("Amazon  Web\tServices") == Strings{"Amazon  Web\tServices=aws"});
  CHECK(Found("英伟达 A100") == Strings{"英伟达=nvidia", "A100=nvidia-a100"});
  CHECK(Found("NV A100 and NV-A100 and NVA100") ==
        Strings{"NV A100=nvidia-a100", "NV-A100=nvidia-a100", "NVA100=nvidia-a100"});
}

TEST_CASE("a count glued to a name doesn't hide it", "[matcher][separators]") {
  CHECK(Found("采购8xA100服务器") == Strings{"A100=nvidia-a100"});
  CHECK(Found("8XA100 and A100x4卡, 12xA100, A100X16") ==
        Strings{"A100=nvidia-a100", "A100=nvidia-a100", "A100=nvidia-a100", "A100=nvidia-a100"});
  // Not counts: hexadecimal, four digits, a leading zero, no digits, glued on the far side.
  CHECK(Found("0xA100 1920xA100 A100x1000 08xA100 xA100 A100x 9A8xA100 A100x8b").empty());
  // After a letter only a lower-case x: an upper-case one may be part of a name (RX580, DGX2).
  CHECK(Found("AWSx8") == Strings{"AWS=aws"});
  CHECK(Found("AWSX8").empty());
  // Offsets are the original text's, and the text outside the match is untouched.
  const std::string text = "8xA100";
  const auto matches = RulesMatcher().Scan(text);
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].start == 2);
  CHECK(matches[0].end == 6);
}

TEST_CASE("overlapping candidates resolve longest-first", "[matcher][overlap]") {
  CHECK(Found("the H100 NVL card") == Strings{"H100 NVL=nvidia-h100-nvl"});
  CHECK(Found("Amazon Web Services") == Strings{"Amazon Web Services=aws"});
  CHECK(Found("Lambda Labs GPUs") == Strings{"Lambda Labs=lambda"});
  // The longest candidate ends inside a word: a shorter one at the same start wins.
  CHECK(Found("H100 NVLink bridges") == Strings{"H100=nvidia-h100"});
}

TEST_CASE("patterns cover variant families and map to their entry", "[matcher][patterns]") {
  CHECK(Found("HGX A100, DGX-A100, A100 SXM4 80GB, A100-PCIe-40GB, A100 80G") ==
        Strings{"HGX A100=nvidia-a100", "DGX-A100=nvidia-a100", "A100 SXM4 80GB=nvidia-a100",
                "A100-PCIe-40GB=nvidia-a100", "A100 80G=nvidia-a100"});
}

TEST_CASE("context rules keep ambiguous names only near confirming words", "[matcher][context]") {
  CHECK(Found("Water is H2O, not H20 in my notes.").empty());
  CHECK(Found("Nvidia's H20 is made for China") == Strings{"Nvidia=nvidia", "H20=nvidia-h20"});
  CHECK(Found("H20芯片") == Strings{"H20=nvidia-h20"});
  CHECK(Found("the H20 GPU") == Strings{"H20=nvidia-h20"});
  // A confirming category: an unambiguous chip nearby.
  CHECK(Found("A100 and H20") == Strings{"A100=nvidia-a100", "H20=nvidia-h20"});
  // Too far: the window is 40 code points.
  CHECK(Found("H20 " + std::string(60, '.') + " GPU").empty());
  // Amazon counts near cloud words or chips, never as the river.
  CHECK(Found("The Amazon river floods").empty());
  CHECK(Found("Amazon cloud servers") == Strings{"Amazon=amazon"});
  CHECK(Found("亚马逊的云服务") == Strings{"亚马逊=amazon"});
}

TEST_CASE("windows count code points exactly, in any script and at any distance",
          "[matcher][context]") {
  // Words count that start within `window` code points after the candidate's end, or whose
  // start is within `window` code points before the candidate's start. Fillers of one-code-point
  // characters of 1 to 4 bytes (and all of them mixed), so that window edges fall inside
  // multi-byte runs and long windows are stepped over in blocks.
  const auto lexicon = Lexicon::FromJson(R"({"format": 1, "version": "1", "contexts": {
      "chip-words": {"names": ["GPU"]}},
    "entries": [{"id": "xq9", "category": "chip", "label": "XQ9", "names": ["XQ9"],
      "context": {"anyOf": ["chip-words"], "window": 150}}]})");
  const Matcher matcher(lexicon);
  const std::vector<std::string> kinds = {".", "数", "é", "\xF0\x9F\x98\x80", "mixed"};
  for (const std::string& kind : kinds) {
    for (const size_t between : {1, 31, 32, 33, 64, 146, 147, 148, 149, 150, 151, 400}) {
      std::string filler;
      for (size_t i = 0; i < between; ++i) filler += kind == "mixed" ? kinds[i % 4] : kind;
      INFO(kind << ", " << between << " code points between");
      // After the candidate: the word starts `between` code points past its end.
      CHECK(Found(matcher, "XQ9" + filler + "GPU").size() == (between < 150 ? 1u : 0u));
      // Before it: the word "GPU" starts `between` + 3 code points before the candidate.
      CHECK(Found(matcher, "GPU" + filler + "XQ9").size() == (between + 3 <= 150 ? 1u : 0u));
    }
  }
}

TEST_CASE("noneOf drops a match near a disqualifying word", "[matcher][context]") {
  CHECK(Found("the GPU has a large L2 cache").empty());
  CHECK(Found("L2 regularization on the GPU").empty());
  CHECK(Found("Nvidia L2 GPU for inference") == Strings{"Nvidia=nvidia", "L2=nvidia-l2"});
}

TEST_CASE("confirmations come only from matches without rules", "[matcher][context]") {
  // BIS counts near a chip or a regulation, but H20 (itself ambiguous) can't confirm it.
  CHECK(Found("BIS and H20 tea").empty());
  CHECK(Found("BIS controls the A100") == Strings{"BIS=bis", "A100=nvidia-a100"});
}

TEST_CASE("a term doesn't confirm itself", "[matcher][context]") {
  // Blackwell is also a word of its own confirming set (it confirms other chips); neither it nor
  // another mention of it confirms it, but "Blackwell Ultra", a longer word of that set starting
  // at the same place, is more than a mention.
  const auto lexicon = Lexicon::FromJson(R"({"format": 1, "version": "1", "contexts": {
      "chip-words": {"names": ["GPU", "Blackwell", "Blackwell Ultra"]}},
    "entries": [{"id": "blackwell", "category": "chip", "label": "Blackwell", "names": ["Blackwell"],
      "context": {"anyOf": ["chip-words"], "window": 30}}]})");
  for (bool prefilter : {true, false}) {
    MatcherOptions options;
    options.use_prefilter = prefilter;
    const Matcher matcher(lexicon, options);
    CHECK(Found(matcher, "Blackwell won the match.").empty());
    CHECK(Found(matcher, "Blackwell GPU") == Strings{"Blackwell=blackwell"});
    CHECK(Found(matcher, "Blackwell Ultra") == Strings{"Blackwell=blackwell"});
    CHECK(Found(matcher, "Blackwell passed to Blackwell").empty());
  }
}

TEST_CASE("category options restrict results to a subset of a full scan", "[matcher][options]") {
  MatcherOptions options;
  options.categories = {Category::kCloud};
  Matcher clouds(RulesLexicon(), options);
  CHECK(Found(clouds, "A100 on AWS via 中介") == Strings{"AWS=aws"});
  // Amazon's rule needs a chip nearby: chips are still matched for confirmation.
  CHECK(Found(clouds, "Amazon A100") == Strings{"Amazon=amazon"});
}

TEST_CASE("empty and tiny inputs", "[matcher][edge-cases]") {
  CHECK(RulesMatcher().Scan("").empty());
  CHECK(RulesMatcher().Scan("A").empty());
  CHECK(RulesMatcher().Scan(std::string_view("\0\0\0", 3)).empty());
}

TEST_CASE("invalid UTF-8 never crashes or shifts offsets", "[matcher][utf8]") {
  const std::string text = "\xFF\xFE A100 \xE4\xB8 AWS \xC3 阿里云 \xEF\xBC \xF0\x9F";
  auto found = Found(text);
  CHECK(found == Strings{"A100=nvidia-a100", "AWS=aws", "阿里云=alibaba-cloud"});
  auto matches = RulesMatcher().Scan(text);
  REQUIRE(matches.size() == 3);
  CHECK(matches[0].start == text.find("A100"));
  CHECK(matches[2].start == text.find("阿里云"));

  // Random bytes with names spliced in: every planted name is found at its offset.
  std::mt19937 random(42);
  std::string noise;
  std::vector<size_t> planted;
  for (int i = 0; i < 2000; ++i) {
    if (i % 100 == 50) {
      noise += ' ';
      planted.push_back(noise.size());
      noise += "H100 ";
    } else {
      char c = static_cast<char>(random() & 0xFF);
      noise += IsAsciiAlnum(static_cast<unsigned char>(c)) ? '\x80' : c;
    }
  }
  std::vector<size_t> starts;
  for (const Match& m : RulesMatcher().Scan(noise)) {
    if (RulesMatcher().entry(m).id == "nvidia-h100") starts.push_back(m.start);
  }
  for (size_t p : planted) {
    CHECK(std::find(starts.begin(), starts.end(), p) != starts.end());
  }
}

TEST_CASE("context words count at every place, the longest one at each", "[matcher][context]") {
  auto lexicon = Lexicon::FromJson(R"({"format": 1, "version": "1",
    "contexts": {"compound": {"names": ["谷歌云盘"]}, "cloud": {"names": ["谷歌云", "盘古"]}},
    "entries": [{"id": "third-party", "category": "intermediary", "label": "T",
                 "names": ["第三方"], "context": {"anyOf": ["cloud"], "window": 4}}]})");
  for (bool prefilter : {true, false}) {
    MatcherOptions options;
    options.use_prefilter = prefilter;
    Matcher matcher(lexicon, options);
    CHECK(Found(matcher, "第三方谷歌云") == Strings{"第三方=third-party"});
    // 谷歌云 inside the longer word 谷歌云盘 doesn't count on its own...
    CHECK(Found(matcher, "第三方谷歌云盘").empty());
    // ...but a word starting at another place does, even where words overlap.
    CHECK(Found(matcher, "第三方谷歌云盘古") == Strings{"第三方=third-party"});
  }
}

TEST_CASE("the separator class in names' regexes is exactly IsSeparator", "[matcher][separators]") {
  re2::RE2 separator(kSeparatorClass);  // a run: on one character, membership
  REQUIRE(separator.ok());
  std::vector<char32_t> characters;
  for (char32_t c = 1; c <= 0xFFFF; ++c) {
    if (c < 0xD800 || c > 0xDFFF) characters.push_back(c);  // surrogates are not characters
  }
  characters.insert(characters.end(), {0x1F600, 0x20000, 0x10FFFF});
  size_t separators = 0;
  for (char32_t c : characters) {
    if (IsSeparator(c) != re2::RE2::FullMatch(EncodeUtf8(c), separator)) {
      FAIL("U+" << std::hex << static_cast<uint32_t>(c) << ": the class and IsSeparator disagree");
    }
    separators += IsSeparator(c) ? 1 : 0;
  }
  CHECK(separators == 19);  // 8 in ASCII, 11 beyond
}
