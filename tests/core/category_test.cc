// Categories: one list in the core (chiplight/category.h), one row each in the lexicon's data.
#include <catch2/catch.hpp>

#include <string>

#include "chiplight/category.h"
#include "chiplight/lexicon.h"
#include "lexicon_internal.h"

using namespace chiplight;
using Catch::Matchers::Equals;

static_assert(kCategoryCount == 5);
static_assert(kAllCategories[0] == Category::kChip && kAllCategories[3] == Category::kRegulation &&
              kAllCategories[4] == Category::kListed);
static_assert(ParseCategory("listed") == Category::kListed);
static_assert(CategoryName(Category::kIntermediary) == "intermediary");
static_assert(ParseCategory("cloud") == Category::kCloud);
static_assert(!ParseCategory("gpu").has_value());

namespace {

// The built-in lexicon's text with its "categories" array replaced.
std::string WithCategories(const std::string& categories) {
  std::string text(Lexicon::BuiltInJson());
  const size_t from = text.find("\"categories\"");
  const size_t to = text.find("\"contexts\"");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  return text.substr(0, from) + "\"categories\": " + categories + ", " + text.substr(to);
}

std::string Row(const std::string& id, const std::string& line = "solid") {
  const std::string texts = R"({"en": "X", "zh-Hans": "X", "zh-Hant": "X"})";
  return R"({"id": ")" + id + R"(", "label": )" + texts + R"(, "plural": )" + texts +
         R"x(, "style": {"background": "rgba(0, 0, 0, 0.5)", "line": ")x" + line +
         R"(", "color": "#000"}})";
}

std::string ErrorOf(const std::string& json) {
  try {
    Lexicon::FromJson(json);
  } catch (const LexiconError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the built-in lexicon describes every category, in the enum's order", "[category]") {
  auto lexicon = Lexicon::FromJson(Lexicon::BuiltInJson());  // validated, unlike BuiltIn()
  const auto& rows = LexiconInternals::Document(*lexicon).at("categories");
  REQUIRE(rows.size() == kCategoryCount);
  for (size_t i = 0; i < kCategoryCount; ++i) {
    INFO("categories[" << i << "]");
    CHECK(rows[i].at("id") == std::string(CategoryName(kAllCategories[i])));
    for (const char* lang : {"en", "zh-Hans", "zh-Hant"}) {
      CHECK(!rows[i].at("label").at(lang).get<std::string>().empty());
      CHECK(!rows[i].at("plural").at(lang).get<std::string>().empty());
    }
  }
  CHECK(rows[1].at("label").at("en") == "Cloud provider");
  CHECK(rows[0].at("style").at("line") == "solid");
}

TEST_CASE("a lexicon's categories must be the enum's, in order, each described", "[category]") {
  const std::string in_order = "[" + Row("chip") + "," + Row("cloud") + "," + Row("intermediary") +
                               "," + Row("regulation") + "," + Row("listed") + "]";
  CHECK(ErrorOf(WithCategories(in_order)).empty());
  CHECK_THAT(
      ErrorOf(WithCategories("[" + Row("cloud") + "," + Row("chip") + "," + Row("intermediary") +
                             "," + Row("regulation") + "," + Row("listed") + "]")),
      Equals("categories[0].id: expected \"chip\" (the categories' order)"));
  CHECK_THAT(ErrorOf(WithCategories("[" + Row("chip") + "]")),
             Equals("categories: expected an array of the 5 categories"));
  CHECK_THAT(ErrorOf(WithCategories("[" + Row("chip", "zigzag") + "," + Row("cloud") + "," +
                                    Row("intermediary") + "," + Row("regulation") + "," +
                                    Row("listed") + "]")),
             Equals("categories[0].style.line: \"zigzag\" is not solid, dotted, wavy or dashed"));
}
