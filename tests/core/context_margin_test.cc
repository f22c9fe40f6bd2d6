// Matcher::context_margin: a piece of a document with that much of its neighbours on each side
// is judged as in the whole document.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"

using namespace chiplight;

TEST_CASE("the margin is the widest window and the longest context word", "[margin]") {
  const Matcher matcher(Lexicon::BuiltIn());
  const ContextMargin margin = matcher.context_margin();
  CHECK(margin.code_points == matcher.lexicon().max_context_window());
  CHECK(margin.code_points > 0);
  CHECK(margin.bytes == 256);
  CHECK(margin.utf16_units() == 2 * margin.code_points + 256);
}

TEST_CASE("pieces scanned with the margin give the whole document's matches", "[margin]") {
  const Matcher matcher(Lexicon::BuiltIn());
  const size_t margin = matcher.context_margin().code_points + matcher.context_margin().bytes;
  // ASCII, so code points are bytes: ambiguous names whose confirming words lie 150 bytes
  // away, before or after them, and one that nothing confirms.
  const std::string filler = "Some unrelated text about the weather and the sea. ";
  std::string text;
  while (text.size() < 6000) {
    text += "The A100 was ordered. " + filler + filler + filler + "The GPU servers. ";
    text += filler + filler + filler + "Then an H20. " + filler + filler + filler;
    text += "The L20 came. " + filler + filler + filler + filler;
  }
  const std::vector<Match> whole = matcher.Scan(text);
  REQUIRE(whole.size() > 20);
  // The matches inside [from, to) of a scan of that piece with `margin` bytes on each side.
  auto piece_matches = [&](size_t from, size_t to, size_t margin) {
    const size_t outer_from = from > margin ? from - margin : 0;
    const size_t outer_to = std::min(text.size(), to + margin);
    std::vector<Match> got;
    for (Match m : matcher.Scan(std::string_view(text).substr(outer_from, outer_to - outer_from))) {
      m.start += outer_from;
      m.end += outer_from;
      if (m.start >= from && m.end <= to) got.push_back(m);
    }
    return got;
  };
  size_t pieces_a_thin_margin_changes = 0;
  for (size_t from = 0; from + 500 <= text.size(); from += 371) {
    const size_t to = from + 500;
    std::vector<Match> expected;
    for (const Match& m : whole) {
      if (m.start >= from && m.end <= to) expected.push_back(m);
    }
    INFO("piece [" << from << ", " << to << ")");
    CHECK(piece_matches(from, to, margin) == expected);
    if (piece_matches(from, to, 10) != expected) ++pieces_a_thin_margin_changes;
  }
  // The text is one where the margin matters.
  CHECK(pieces_a_thin_margin_changes > 0);
}
