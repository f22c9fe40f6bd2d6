// Shared helpers for the core tests: the fixed rules lexicon and readable scan results.
#ifndef CHIPLIGHT_TESTS_TEST_SUPPORT_H_
#define CHIPLIGHT_TESTS_TEST_SUPPORT_H_

#include <string>
#include <vector>

#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"

namespace chiplight::testing {

inline std::shared_ptr<const Lexicon> RulesLexicon() {
  static auto lexicon = Lexicon::FromFile(CHIPLIGHT_TEST_DATA "/rules.json");
  return lexicon;
}

inline const Matcher& RulesMatcher() {
  static Matcher matcher(RulesLexicon());
  return matcher;
}

// "text=id" for each match, so a failing test shows what was found.
inline std::vector<std::string> Found(const Matcher& matcher, std::string_view text) {
  std::vector<std::string> out;
  for (const Match& m : matcher.Scan(text)) {
    out.push_back(std::string(text.substr(m.start, m.end - m.start)) + "=" + matcher.entry(m).id);
  }
  return out;
}

inline std::vector<std::string> Found(std::string_view text) { return Found(RulesMatcher(), text); }

using Strings = std::vector<std::string>;

}  // namespace chiplight::testing

#endif  // CHIPLIGHT_TESTS_TEST_SUPPORT_H_
