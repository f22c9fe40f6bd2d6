// FoldedText (core/src/folding.h): what matching sees of a text, and the way back to its offsets.
#include <catch2/catch.hpp>

#include <string>

#include "folding.h"
#include "test_support.h"

using namespace chiplight;
using chiplight::testing::Found;
using chiplight::testing::Strings;

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

TEST_CASE("invisible characters inside a word are taken out, offsets kept", "[folding]") {
  // Soft hyphen (2 bytes), zero-width space, non-joiner, joiner, word joiner, BOM (3 bytes each).
  const std::string text = "Nvi\u00ADdia H\u200B100 A\u200C1\u200D00 H\u206020 \uFEFFAWS";
  const FoldedText folded(text);
  CHECK(folded.view() == "Nvidia H100 A100 H20 AWS");
  CHECK(folded.ToOriginal(0) == 0);
  CHECK(folded.ToOriginalEnd(6) == text.find(" H"));  // the end of Nvidia, after its soft hyphen
  const size_t h100 = std::string("Nvidia ").size();
  CHECK(folded.ToOriginal(h100) == text.find("H\u200B100"));
  CHECK(folded.ToOriginalEnd(h100 + 4) == text.find(" A\u200C"));
  // A word starting right after an invisible character starts after it; one ending right before
  // it ends before it.
  const size_t aws = std::string("Nvidia H100 A100 H20 ").size();
  CHECK(folded.ToOriginal(aws) == text.find("AWS"));
  CHECK(folded.ToOriginalEnd(aws) == text.find("\uFEFF"));
  CHECK(folded.ToOriginalEnd(folded.view().size()) == text.size());
}

TEST_CASE("invisible characters and full-width forms together map back", "[folding]") {
  const std::string text = "租用Ｈ\u00AD１００服务器\u200B";
  const FoldedText folded(text);
  CHECK(folded.view() == "租用H100服务器");
  const size_t h = std::string("租用").size();
  CHECK(folded.ToOriginal(h) == h);
  CHECK(folded.ToOriginal(h + 1) == h + 3 + 2);  // after Ｈ and the soft hyphen: １ starts there
  CHECK(folded.ToOriginalEnd(h + 1) == h + 3);   // Ｈ ends before the soft hyphen
  CHECK(folded.ToOriginalEnd(h + 4) == h + 3 + 2 + 9);
  CHECK(folded.ToOriginalEnd(folded.view().size()) == text.size() - 3);
  CHECK(folded.ToOriginal(folded.view().size()) == text.size());
}

TEST_CASE("characters that only share a lead byte stay", "[folding]") {
  // No-break space (C2 A0), curly quotes and dashes (E2 80 xx), ！ (EF BC 81), a lone lead byte.
  const std::string text = "a\u00A0b \u201CH100\u201D \u2014 \uFF01 \xE2";
  const FoldedText folded(text);
  CHECK(folded.view().data() == text.data());
}

TEST_CASE("names with invisible characters inside are found, with their original text",
          "[folding]") {
  // What a hyphenating CMS or a copied web page leaves in a name: the match spans the original
  // bytes, invisible characters inside included, none before or after.
  CHECK(Found("Nvi\u00ADdia rents H\u200B100 servers") ==
        Strings{"Nvi\u00ADdia=nvidia", "H\u200B100=nvidia-h100"});
  CHECK(Found("\u200BAmazon Web\u2060 Services\u200B and \uFEFFA1\u200D00.") ==
        Strings{"Amazon Web\u2060 Services=aws", "A1\u200D00=nvidia-a100"});
  CHECK(Found("英\u200B伟达 and 阿里\u200C云") ==
        Strings{"英\u200B伟达=nvidia", "阿里\u200C云=alibaba-cloud"});
  // Taken out, not read as a space: the reader sees "H100chips", one word, and so does matching.
  CHECK(Found("H100\u200Bchips").empty());
}
