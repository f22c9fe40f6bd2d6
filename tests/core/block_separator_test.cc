// The block separator (chiplight/text.h): blocks joined with it are matched as blocks.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"
#include "chiplight/text.h"
#include "test_support.h"

using namespace chiplight;
using namespace chiplight::testing;

namespace {
const Matcher& BuiltInMatcher() {
  static const Matcher matcher(Lexicon::BuiltIn());
  return matcher;
}
const std::string kSep(kBlockSeparator);
}  // namespace

TEST_CASE("the block separator is U+FFFF", "[text]") {
  CHECK(kBlockSeparator == "\xEF\xBF\xBF");
  CHECK(kBlockSeparatorCodePoint == 0xFFFF);
}

TEST_CASE("no name runs across the block separator, as it does across a line break", "[text]") {
  CHECK(Found(BuiltInMatcher(), "Amazon Web\nServices") == Strings{"Amazon Web\nServices=aws"});
  CHECK(Found(BuiltInMatcher(), "Amazon Web" + kSep + "Services").empty());
  CHECK(Found(BuiltInMatcher(), "Amazon Web" + kSep + "\nServices").empty());
}

TEST_CASE("a name ending or starting at the separator keeps its word edge", "[text]") {
  // Every name of the built-in lexicon, alone in a block between two others.
  const Matcher& matcher = BuiltInMatcher();
  for (const Entry& entry : matcher.lexicon().entries()) {
    for (const std::string& name : entry.names) {
      const std::string alone = std::to_string(matcher.Scan(name).size());
      const std::string joined = "x" + kSep + name + kSep + "y";
      std::vector<std::string> found;
      for (const Match& m : matcher.Scan(joined)) {
        found.push_back(joined.substr(m.start, m.end - m.start));
      }
      INFO(entry.id << ": " << name);
      // The same matches as the name alone (a name with a context rule may need context).
      CHECK(std::to_string(found.size()) == alone);
      for (const std::string& text : found) CHECK(text.find(kSep) == std::string::npos);
    }
  }
}

namespace {
// Whether an RE2 pattern holds a construct that can match U+FFFF: `.` outside a class, a negated
// class, a Unicode or negated Perl class (\p \P \W \D \S \C), a negated POSIX class, or a
// code point written out from U+F000 up. (Debian's RE2 doesn't install its parse tree's header.)
bool CanMatchAnyCharacter(const std::string& pattern) {
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char next = pattern[++i];
      if (std::string_view("pPWDSC").find(next) != std::string_view::npos) return true;
      if (next == 'x' && pattern.compare(i + 1, 2, "{F") == 0) return true;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      if (c == '[' && pattern.compare(i, 3, "[:^") == 0) return true;
      continue;
    }
    if (c == '.') return true;
    if (c == '[') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') return true;
      in_class = true;
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') ++i;  // a literal ] first
    }
  }
  return false;
}
}  // namespace

TEST_CASE("the check for patterns that could cross the separator sees what it must", "[text]") {
  CHECK(CanMatchAnyCharacter("A100.*"));
  CHECK(CanMatchAnyCharacter("x[^a]y"));
  CHECK(CanMatchAnyCharacter("\\pZ"));
  CHECK(CanMatchAnyCharacter("a\\Wb"));
  CHECK(CanMatchAnyCharacter("a[[:^alpha:]]"));
  CHECK(!CanMatchAnyCharacter("3A090(?:\\.[abc])?"));
  CHECK(!CanMatchAnyCharacter("10[\xC2\xB7.]7"));
  CHECK(!CanMatchAnyCharacter("\\\\x"));
}

TEST_CASE("no built-in pattern can match the block separator", "[text]") {
  auto check = [&](const std::string& pattern) {
    INFO(pattern);
    CHECK(!CanMatchAnyCharacter(pattern));
    CHECK(pattern.find(kSep) == std::string::npos);
  };
  const auto lexicon = Lexicon::BuiltIn();
  for (const Entry& entry : lexicon->entries()) {
    for (const std::string& pattern : entry.patterns) check(pattern);
  }
  for (const ContextSet& set : lexicon->contexts()) {
    for (const std::string& pattern : set.patterns) check(pattern);
  }
}
