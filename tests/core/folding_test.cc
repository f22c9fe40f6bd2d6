// FoldedText (core/src/folding.h): what matching sees of a text, and the way back to its offsets.
#include <catch2/catch.hpp>

#include <string>

#include "folding.h"

using namespace chiplight;

TEST_CASE("text with nothing to fold is not copied", "[folding]") {
  const std::string text = "Nvidia H100 和 A100，8 GPUs";
  const FoldedText folded(text);
  CHECK(folded.view().data() == text.data());
  CHECK(folded.ToOriginal(5) == 5);
}

TEST_CASE("full-width forms fold to ASCII and offsets map back", "[folding]") {
  const std::string text = "租用Ｈ１００－ＳＸＭ服务器";  // each full-width form is 3 bytes
  const FoldedText folded(text);
  CHECK(folded.view() == "租用H100-SXM服务器");
  const size_t h = std::string("租用").size();
  CHECK(folded.ToOriginal(h) == h);           // before any folded character
  CHECK(folded.ToOriginal(h + 1) == h + 3);   // after Ｈ
  CHECK(folded.ToOriginal(h + 8) == h + 24);  // after all eight
  CHECK(folded.ToOriginal(folded.view().size()) == text.size());
}

TEST_CASE("the x of a count glued to a name reads as a space, one byte for one", "[folding]") {
  CHECK(FoldedText("8xH100 and H100x8").view() == "8 H100 and H100 8");
  CHECK(FoldedText("8XA100, L40Sx4").view() == "8 A100, L40S 4");
  // Not counts: a letter before an upper-case X, a leading zero, four digits, a name's own X.
  CHECK(FoldedText("RX580 DGX2 H100x08 1000xH100").view() == "RX580 DGX2 H100x08 1000xH100");
}

TEST_CASE("ASCII case and alphanumerics are ASCII only", "[folding]") {
  CHECK(AsciiLower('Q') == 'q');
  CHECK(AsciiLower('7') == '7');
  CHECK(AsciiLower('\xC3') == '\xC3');
  CHECK(IsAsciiAlnum('z'));
  CHECK(IsAsciiAlnum('0'));
  CHECK(!IsAsciiAlnum('-'));
  CHECK(!IsAsciiAlnum(0xC3));
  CHECK(FoldFullWidth(0xFF21) == 'A');
  CHECK(FoldFullWidth(0xFF0D) == '-');
  CHECK(FoldFullWidth(0xFF01) == 0);  // ！ stays
}
