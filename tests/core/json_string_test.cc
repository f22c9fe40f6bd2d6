// AppendJsonString (chiplight/json_string.h) writes what nlohmann::json's dump() writes, which the
// scanner's JSON lines and the wasm modules' assessments and option errors rely on.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "chiplight/json_string.h"
#include "chiplight/text.h"

using chiplight::AppendJsonString;

namespace {

std::string Written(const std::string& text) {
  std::string out = "[";  // appends, never replaces
  AppendJsonString(out, text);
  return out;
}

}  // namespace

TEST_CASE("a JSON string is written as nlohmann::json dumps it", "[json]") {
  for (const std::string& text :
       {std::string(), std::string("plain"), std::string("quote \" and backslash \\"),
        std::string("\b\f\n\r\t"), std::string("\x01\x1f\x7f", 3), std::string("nul \0 here", 10),
        std::string("英伟达 H100, café, 😀 / </script>")}) {
    INFO(text);
    CHECK(Written(text) == "[" + nlohmann::json(text).dump());
  }
  // Every byte below 0x80 in random valid UTF-8 text.
  std::mt19937 random(5);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int i = 0; i < 12; ++i) {
      const int pick = static_cast<int>(random() % 5);
      text += pick == 0 ? std::string("\xE8\x8A\xAF")
                        : std::string(1, static_cast<char>(random() % 0x80));
    }
    REQUIRE(chiplight::IsValidUtf8(text));
    CHECK(Written(text) == "[" + nlohmann::json(text).dump());
  }
}
