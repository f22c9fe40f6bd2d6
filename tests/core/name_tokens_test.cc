// How a name is read (core/src/name_tokens.h): tokens, literal match, atoms, key.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "name_tokens.h"

using namespace chiplight;
using Strings = std::vector<std::string>;

TEST_CASE("a name's tokens split at separators and where Latin meets CJK", "[names]") {
  CHECK(NameTokens("H100 NVL") == Strings{"H100", "NVL"});
  CHECK(NameTokens("  Amazon\xC2\xA0Web—Services ") == Strings{"Amazon", "Web", "Services"});
  CHECK(NameTokens("英伟达A100芯片") == Strings{"英伟达", "A100", "芯片"});
  CHECK(NameTokens("Ｈ１００") == Strings{"H100"});  // full-width folded, case kept
  CHECK(NameTokens(" - _ ").empty());
}

TEST_CASE("a name matches literally with any separator run between tokens", "[names]") {
  const Strings tokens = NameTokens("H100 NVL");
  auto length = [&](const std::string& text, bool case_sensitive = false) {
    return NameMatchLength(tokens, case_sensitive, text, 0, text.size());
  };
  CHECK(length("H100 NVL") == 8);
  CHECK(length("h100nvl!") == 7);
  CHECK(length("H100 -\xE2\x80\x94 NVL") == 13);  // space, hyphen, em dash, space
  CHECK(length("H100 NV") == 0);
  CHECK(length("h100 nvl", true) == 0);
  // Bounded: a match must end by `bound`.
  CHECK(NameMatchLength(tokens, false, "H100 NVL", 0, 7) == 0);
}

TEST_CASE("a name's key drops separators and folds case and full-width forms", "[names]") {
  CHECK(NameKey("Amazon Web-Services") == "amazonwebservices");
  CHECK(NameKey("ＡＷＳ") == "aws");
  CHECK(NameKey("亚马逊 云") == "亚马逊云");
  std::string buffer = "stale";
  NameKeyInto("H-100", &buffer);
  CHECK(buffer == "h100");
}

TEST_CASE("a name's atoms are its short spellings; long runs end an atom", "[names]") {
  Strings whole, partial;
  for (const AlternativeAtom& atom : NameAtoms("data center")) {
    (atom.whole ? whole : partial).push_back(atom.bytes);
  }
  CHECK(whole == Strings{"data center", "datacenter"});
  CHECK(std::find(partial.begin(), partial.end(), "data  ") != partial.end());
  CHECK(std::find(partial.begin(), partial.end(), "data ") == partial.end());
  CHECK(NameAtoms("--").empty());
}

TEST_CASE("the separator set is the documented one", "[names]") {
  for (char32_t c : {U' ', U'\t', U'\n', U'-', U'_', U'\u00A0', U'\u00AD', U'\u200B', U'\u2014',
                     U'\u2212', U'\u3000'}) {
    CHECK(IsSeparator(c));
  }
  for (char32_t c : {U'.', U'/', U'\u2029', U'\uFFFF', U'a'}) CHECK(!IsSeparator(c));
}
