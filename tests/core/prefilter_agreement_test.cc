// The prefilter and RE2 alone agree on user patterns with anchors, assertions and inline flags
// (once a known gap: the prefix analysis treated assertions as empty while still calling the
// prefixes a whole match, and saw only a literal `(?i` as turning case folding on), and on where
// a match may end: the right edge decided in one pass, and a term at most kLongestTerm bytes.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "pattern_prefixes.h"
#include "test_support.h"

using namespace chiplight;
using namespace chiplight::testing;

namespace {

std::shared_ptr<const Lexicon> OnePattern(const std::string& pattern, bool case_sensitive = false) {
  std::string escaped;
  for (char c : pattern) {
    if (c == '\\' || c == '"') escaped += '\\';
    escaped += c;
  }
  return Lexicon::FromJson(std::string(R"({"format": 1, "version": "1", "entries": [)") +
                           R"({"id": "user", "category": "chip", "label": "U", )" +
                           (case_sensitive ? R"("flags": ["case-sensitive"], )" : "") +
                           R"("patterns": [")" + escaped + R"("]}]})");
}

// The matches of `pattern` in `text`, as strings, after checking that both paths agree.
Strings Agreed(const std::string& pattern, const std::string& text, bool case_sensitive = false) {
  const auto lexicon = OnePattern(pattern, case_sensitive);
  MatcherOptions plain;
  plain.use_prefilter = false;
  const Matcher prefiltered(lexicon), re2_alone(lexicon, plain);
  INFO("pattern " << pattern << " on \"" << text << "\"");
  CHECK(prefiltered.prefiltered());
  CHECK(prefiltered.Scan(text) == re2_alone.Scan(text));
  return Found(re2_alone, text);
}

}  // namespace

TEST_CASE("anchors and assertions are never taken for whole matches", "[prefilter][agreement]") {
  bool exact = true;
  for (const char* pattern : {"(?:x$|y)z", "^ab", "ab$", "\\Aab", "ab\\z", "a\\bb", "a\\Bb"}) {
    INFO(pattern);
    REQUIRE(PatternPrefixes(pattern, true, &exact));
    CHECK_FALSE(exact);
  }
  // The fuzzer's finding (tests/fuzz/regressions/extra_terms/anchor-in-alternation): `xz` is not a
  // match, as `$` is not the end of the text there.
  CHECK(Agreed("(?:x$|y)z", "xz yz").size() == 1);
  CHECK(Agreed("(?:x$|y)z", "xz yz") == Strings{"yz=user"});
  CHECK(Agreed("^ab", "ab ab") == Strings{"ab=user"});
  CHECK(Agreed("ab$", "ab ab") == Strings{"ab=user"});
  CHECK(Agreed("ab\\z", "ab ab").size() == 1);
  // RE2's \b: '_' is a word character, so `ab_` has no boundary after `ab`.
  CHECK(Agreed("ab\\b", "ab abc ab_ ab") == Strings{"ab=user", "ab=user"});
}

TEST_CASE("inline flags that turn case folding on are seen wherever they are",
          "[prefilter][agreement]") {
  // (?si:...) and (?mi) fold case as (?i) does: RE2 matches the Kelvin sign for k, and É for é.
  for (const char* pattern : {"(?si:k9)", "(?mi)k9", "(?Ui:k9)"}) {
    const auto prefixes = PatternPrefixes(pattern, false);
    REQUIRE(prefixes);
    CHECK(std::find(prefixes->begin(), prefixes->end(),
                    "\xE2\x84\xAA"
                    "9") != prefixes->end());
    CHECK(Agreed(pattern,
                 "K9 \xE2\x84\xAA"
                 "9",
                 true)
              .size() == 2);
  }
  // A non-ASCII letter under such a flag can't be prefixed: RE2 alone then, and still equal.
  const auto lexicon = OnePattern("(?si:\xC3\xA9t\xC3\xA9)", true);
  CHECK_FALSE(Matcher(lexicon).prefiltered());
  // A part turned case-sensitive inside a case-insensitive pattern is not a whole match in any
  // case: `abc` must not match `(?-i:ABC)`.
  bool exact = true;
  REQUIRE(PatternPrefixes("(?-i:ABC)", true, &exact));
  CHECK_FALSE(exact);
  CHECK(Agreed("(?-i:ABC)", "abc ABC") == Strings{"ABC=user"});
  CHECK(Agreed("x(?i)abc", "xABC XABC x", true) == Strings{"xABC=user"});
}

TEST_CASE("the right edge is found in one pass, wherever the match may end",
          "[prefilter][agreement]") {
  // The longest match ends inside a word: the longest one that doesn't, on both paths.
  CHECK(Agreed("Gaudi 2(?: HL[0-9]+)?", "Gaudi 2 HL" + std::string(2000, '7') + "x") ==
        Strings{"Gaudi 2=user"});
  // Ends RE2's \b can't see: after a '_' glued to a letter.
  CHECK(Agreed("X[_a]*", "X_a_a_ab") == Strings{"X_a_a_=user"});
  CHECK(Agreed("foo_", "foo_bar") == Strings{"foo_=user"});
  // Before a byte that isn't UTF-8.
  CHECK(Agreed("ab[0-9]*",
               "ab12\xFF"
               "3") == Strings{"ab12=user"});
  // Before a letter after a non-word character, and before a multi-byte character.
  CHECK(Agreed("a[-0-9]*", "a-1-2x") == Strings{"a-1-=user"});
  CHECK(Agreed("a[0-9]*", "a12\xE5\x8D\xA1") == Strings{"a12=user"});
}

TEST_CASE("a term is at most kLongestTerm (512) bytes long", "[prefilter][agreement]") {
  // A pattern that could run on matches at most 512 bytes, the longest such match whose right
  // edge is fine, on both paths.
  const std::string run = "a" + std::string(1000, ' ') + "b";
  CHECK(Agreed("a[ ]*b", run).empty());
  const std::string short_run = "a" + std::string(500, ' ') + "b";
  CHECK(Agreed("a[ ]*b", short_run).size() == 1);
  const std::string words = [] {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "ab ";
    return text;
  }();
  const Strings found = Agreed("ab(?: ab)*", words);
  REQUIRE(found.size() == 2);
  CHECK(found[0].size() == 512 + 5);  // 171 "ab"s and the spaces between them, then "=user"
}

TEST_CASE("patterns that run on agree on random texts, however their candidates are settled",
          "[prefilter][agreement]") {
  // Dense candidates that fail switch an alternative to vetting them by unanchored searches
  // (AlternativeScan): results must not change, wherever the matches are.
  std::mt19937 random(12);
  const char* const pieces[] = {"a", " ", "a ", "b", "-", "0", "_", "X", "c", "x", "7", "a b"};
  for (const char* pattern : {"a[ a]*b", "-[a0-9-]*0", "X[_a]*b", "a(?: a)*c", "[ab][ a_]*[bc]"}) {
    const auto lexicon = OnePattern(pattern);
    MatcherOptions plain;
    plain.use_prefilter = false;
    const Matcher prefiltered(lexicon), re2_alone(lexicon, plain);
    REQUIRE(prefiltered.prefiltered());
    for (int round = 0; round < 60; ++round) {
      std::string text;
      // Long stretches of one piece (runs the pattern may read on through), then a random mix.
      while (text.size() < 3000) {
        const std::string piece = pieces[random() % std::size(pieces)];
        const size_t times = random() % 4 == 0 ? 1 + random() % 400 : 1;
        for (size_t k = 0; k < times; ++k) text += piece;
      }
      INFO(pattern << " on \"" << text << "\"");
      CHECK(prefiltered.Scan(text) == re2_alone.Scan(text));
    }
  }
}
