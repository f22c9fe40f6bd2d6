// The document reader on hostile input: HTML that made the parser quadratic, text in UTF-16
// that was scanned as raw bytes. Linear time is shown by counting work, not by timing.
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "document.h"

using Catch::Matchers::Contains;
using chiplight::cli::DecodeToUtf8;
using chiplight::cli::HtmlReadWork;
using chiplight::cli::HtmlToText;

namespace {

std::string Repeat(const std::string& piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// Everything reading a page costs that grows with it: the input's bytes, the nodes of the tree
// and their depths (the parser scans its stack of open elements per token), the text produced.
size_t Work(const std::string& html) {
  HtmlReadWork work;
  HtmlToText(html, &work);
  return html.size() + work.nodes + work.depth_sum + work.bytes_out;
}

struct Family {
  const char* name;
  std::function<std::string(size_t)> page;
};

}  // namespace

TEST_CASE("reading HTML is linear on pages built to make the parser quadratic", "[html][linear]") {
  const std::vector<Family> families = {
      {"unclosed divs", [](size_t n) { return Repeat("<div>", n) + "H100"; }},
      {"closed nesting",
       [](size_t n) { return Repeat("<div>", n) + "H100" + Repeat("</div>", n); }},
      {"spans", [](size_t n) { return Repeat("<span>x", n); }},
      {"end tags ignored inside table cells",
       [](size_t n) { return Repeat("<div><table><tr><td></div>", n); }},
      {"formatting across blocks", [](size_t n) { return Repeat("<b><div></b>", n); }},
      {"reopened formatting elements",
       [](size_t n) {
         std::string page;
         for (size_t i = 0; i < n; ++i) page += "<p><b id=" + std::to_string(i) + "></p>x";
         return page;
       }},
      {"stray end tags", [](size_t n) { return Repeat("</x></p></td>", n) + "<p>H100"; }},
      {"unclosed lists and tables", [](size_t n) { return Repeat("<ul><li><table><tr><td>", n); }},
      {"a plain page", [](size_t n) { return Repeat("<p>Nvidia <b>H100</b> in a table</p>", n); }},
  };
  for (const Family& family : families) {
    const size_t n = 5000;
    const size_t small = Work(family.page(n)), large = Work(family.page(4 * n));
    INFO(family.name << ": work " << small << " at n, " << large << " at 4n");
    CHECK(static_cast<double>(large) <= 4.5 * static_cast<double>(small));
  }
}

TEST_CASE("text nested deeper than the limit is still read", "[html]") {
  HtmlReadWork work;
  const std::string text =
      HtmlToText(Repeat("<div>", 20000) + "Nvidia H100" + Repeat("</div>", 20000), &work);
  CHECK_THAT(text, Contains("Nvidia H100"));
  CHECK(work.tags_flattened > 0);
  CHECK(work.max_depth <= 2 * chiplight::cli::kMaxHtmlDepth);
}

TEST_CASE("ordinary pages reach the parser unchanged", "[html]") {
  HtmlReadWork work;
  const std::string page =
      "<html><head><title>T</title><script>if (a<b) x()</script></head>"
      "<body><div><p>one<p>two<table><tr><td>H100<td>A100</table>"
      "<ul><li>a<li>b</ul></div></body></html>";
  const std::string text = HtmlToText(page, &work);
  CHECK(work.tags_flattened == 0);
  CHECK_THAT(text, Contains("H100"));
  CHECK_THAT(text, !Contains("x()"));
  // Invisible elements beyond the limit stay invisible: their start tag is kept when in raw text.
  CHECK_THAT(HtmlToText(Repeat("<div>", 1000) + "<script>hidden()</script>shown"),
             !Contains("hidden"));
}

TEST_CASE("UTF-16 with a bad code unit is decoded, the unit replaced and reported", "[encoding]") {
  // "H100 " then a lone low surrogate, then "A100", little-endian with a byte-order mark.
  std::string bytes = "\xFF\xFE";
  for (char c : std::string("H100 ")) bytes += std::string{c, '\0'};
  bytes += std::string("\x00\xDC", 2);
  for (char c : std::string("A100")) bytes += std::string{c, '\0'};
  std::string encoding;
  std::vector<std::string> warnings;
  const std::string text = DecodeToUtf8(bytes, &encoding, &warnings);
  CHECK(encoding == "utf-16le");
  CHECK(text ==
        "H100 \xEF\xBF\xBD"
        "A100");
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Contains("1 invalid utf-16le code unit"));
}

TEST_CASE("UTF-16 without a byte-order mark is recognised by its NUL bytes", "[encoding]") {
  const std::string words = "Nvidia H100 \xE6\x98\xBE\xE5\x8D\xA1";  // 显卡
  std::string little, big;
  std::string encoding;
  // UTF-16 of the words, built by hand: ASCII, then U+663E U+5361.
  for (char c : std::string("Nvidia H100 ")) {
    little += std::string{c, '\0'};
    big += std::string{'\0', c};
  }
  little += "\x3E\x66\x61\x53";
  big += "\x66\x3E\x53\x61";
  std::vector<std::string> warnings;
  CHECK(DecodeToUtf8(little, &encoding, &warnings) == words);
  CHECK(encoding == "utf-16le");
  CHECK(DecodeToUtf8(big, &encoding, &warnings) == words);
  CHECK(encoding == "utf-16be");
  CHECK_THAT(warnings[0], Contains("no byte-order mark"));
}

TEST_CASE("bytes in no known encoding are kept and reported", "[encoding]") {
  std::string encoding;
  std::vector<std::string> warnings;
  CHECK(DecodeToUtf8("H100 \xFF\xFF\xFF", &encoding, &warnings) == "H100 \xFF\xFF\xFF");
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Contains("raw bytes"));
  warnings.clear();
  CHECK(DecodeToUtf8("plain H100", &encoding, &warnings) == "plain H100");
  CHECK(warnings.empty());
}
