// IsValidUtf8 (chiplight/text.h): the one check of a text's UTF-8 that the front ends share.
#include <catch2/catch.hpp>

#include <string>

#include "chiplight/text.h"

using namespace chiplight;

namespace {

// Both ways of asking, for a text with no NUL byte.
bool Valid(const std::string& text) {
  const bool valid = IsValidUtf8(text);
  CHECK(IsValidUtf8(text, NulBytes::kRefused) == valid);
  return valid;
}

}  // namespace

TEST_CASE("UTF-8 of every length passes, wherever it stands", "[utf8]") {
  const std::string ascii(40, 'a');
  for (const std::string piece : {"\xC3\xA9", "\xE8\x8A\xAF", "\xF0\x9F\x98\x80", "\xEF\xBF\xBF"}) {
    // Before, inside and after the sixteen-byte runs of ASCII.
    for (size_t at : {size_t{0}, size_t{15}, size_t{16}, size_t{17}, size_t{40}}) {
      std::string text = ascii;
      text.insert(at, piece);
      INFO(at);
      CHECK(Valid(text));
    }
  }
  CHECK(Valid(""));
  CHECK(Valid("英伟达 H100 芯片, café, 😀"));
}

TEST_CASE("broken sequences fail, wherever they stand", "[utf8]") {
  const std::string ascii(40, 'a');
  for (const std::string bad :
       {"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xF5\x80\x80\x80", "\xFF", "\xC3", "\xE8\x8A",
        "\xF0\x9F\x98", "\xE8\x41\x8A", "\xC3\x28", "\xF0\x9F\x28\x80"}) {
    for (size_t at : {size_t{0}, size_t{15}, size_t{16}, size_t{17}, size_t{40}}) {
      std::string text = ascii;
      text.insert(at, bad);
      INFO(at << " " << bad.size());
      CHECK_FALSE(Valid(text));
    }
  }
  // Cut off by the end: the bytes after the text don't count.
  const std::string word = "\xE8\x8A\xAF";
  CHECK_FALSE(IsValidUtf8(std::string_view(word).substr(0, 2)));
}

TEST_CASE("strict UTF-8: no overlong form, no surrogate, nothing past U+10FFFF", "[utf8]") {
  CHECK_FALSE(Valid("\xED\xA0\x80"));      // a surrogate (U+D800)
  CHECK_FALSE(Valid("\xED\xBF\xBF"));      // a surrogate (U+DFFF)
  CHECK_FALSE(Valid("\xE0\x80\x80"));      // a three-byte overlong form
  CHECK_FALSE(Valid("\xE0\x9F\xBF"));      // the longest three-byte overlong form
  CHECK_FALSE(Valid("\xF0\x8F\xBF\xBF"));  // a four-byte overlong form
  CHECK_FALSE(Valid("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(Valid("\xF5\x80\x80\x80"));  // F5 to F7 never lead
  CHECK_FALSE(Valid("\xC0\xAF"));          // a two-byte overlong form: C0 and C1 never lead
  // The edges that are allowed.
  CHECK(Valid("\xE0\xA0\x80"));      // U+0800
  CHECK(Valid("\xED\x9F\xBF"));      // U+D7FF
  CHECK(Valid("\xEE\x80\x80"));      // U+E000
  CHECK(Valid("\xF0\x90\x80\x80"));  // U+10000
  CHECK(Valid("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  // Where the first bad sequence starts, after ASCII runs and good sequences.
  const std::string text = std::string(20, 'a') + "\xE8\x8A\xAF" + "\xED\xA0\x80" + "b";
  CHECK(FindInvalidUtf8(text) == 23);
  CHECK(FindInvalidUtf8(std::string(20, 'a')) == std::string_view::npos);
}

TEST_CASE("NUL bytes fail only when refused", "[utf8]") {
  for (size_t at : {size_t{0}, size_t{7}, size_t{16}, size_t{31}, size_t{39}}) {
    std::string text(40, 'a');
    text[at] = '\0';
    INFO(at);
    CHECK(IsValidUtf8(text));
    CHECK_FALSE(IsValidUtf8(text, NulBytes::kRefused));
  }
  CHECK_FALSE(IsValidUtf8(std::string("\xE8\x8A\xAF\0", 4), NulBytes::kRefused));
}
