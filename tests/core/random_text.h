// Shared by the tests that compare the automaton's path with RE2 alone: random texts made of a
// lexicon's own names and patterns' matches, and the comparison.
#ifndef CHIPLIGHT_TESTS_RANDOM_TEXT_H_
#define CHIPLIGHT_TESTS_RANDOM_TEXT_H_

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "name_tokens.h"
#include "test_support.h"

namespace chiplight::testing {

using Prefixes = std::optional<std::vector<std::string>>;
inline Prefixes Sorted(Prefixes p) {
  if (p) std::sort(p->begin(), p->end());
  return p;
}

// A name with each separator replaced by another run of separators (maybe none), as text
// spells "Google Cloud" as "Google-Cloud", "Google  Cloud" or "GoogleCloud".
inline std::string MangleSeparators(const std::string& name, std::mt19937& random) {
  static const char* const kRuns[] = {
      "", " ", "-", "  ", "_", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x90", " - ", "\t"};
  std::string out;
  for (char ch : name) {
    if (ch == ' ' || ch == '-') {
      out += kRuns[random() % (sizeof kRuns / sizeof *kRuns)];
    } else {
      out += ch;
    }
  }
  return out;
}

// Text made of the lexicon's own names and context words, mangled the ways real text mangles
// them (case, full-width forms, separators, glued neighbours), between noise.
inline std::string RandomText(const Lexicon& lexicon, std::mt19937& random, size_t pieces) {
  std::vector<std::string> names;
  for (const Entry& e : lexicon.entries())
    names.insert(names.end(), e.names.begin(), e.names.end());
  for (const ContextSet& s : lexicon.contexts())
    names.insert(names.end(), s.names.begin(), s.names.end());
  static const char* const kNoise[] = {
      " ",     "  ",   "-",   "x",   "9",     "、",   "。",       "，",           "的",
      "云",    "\n",   "(",   ")",   "Ａ",    "１",   "\xC2\xA0", "\xE3\x80\x80", "sxm",
      " 80GB", "PCIe", "NVL", "GPU", "cache", "\xFF", "é"};
  std::string text;
  for (size_t i = 0; i < pieces; ++i) {
    if (random() % 3 == 0) {
      text += kNoise[random() % (sizeof kNoise / sizeof *kNoise)];
      continue;
    }
    std::string name = names[random() % names.size()];
    for (char& ch : name) {
      if (std::isalpha(static_cast<unsigned char>(ch)) && random() % 4 == 0) {
        ch = static_cast<char>(std::isupper(static_cast<unsigned char>(ch)) ? std::tolower(ch)
                                                                            : std::toupper(ch));
      }
    }
    if (random() % 3 == 0) name = MangleSeparators(name, random);
    if (random() % 5 == 0 && !name.empty() && std::isalnum(static_cast<unsigned char>(name[0]))) {
      // Full-width first character: U+FF00 + (c - 0x20).
      unsigned cp = 0xFF00 + static_cast<unsigned char>(name[0]) - 0x20;
      std::string wide = {static_cast<char>(0xE0 | (cp >> 12)),
                          static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                          static_cast<char>(0x80 | (cp & 0x3F))};
      name = wide + name.substr(1);
    }
    text += name;
    if (random() % 2) text += " ";
  }
  return text;
}

inline void ExpectSameAsRe2(std::shared_ptr<const Lexicon> lexicon, size_t rounds, size_t pieces) {
  Matcher fast(lexicon);
  MatcherOptions plain_options;
  plain_options.use_prefilter = false;
  Matcher plain(lexicon, plain_options);
  REQUIRE(fast.prefiltered());
  REQUIRE_FALSE(plain.prefiltered());
  std::mt19937 random(7);
  for (size_t round = 0; round < rounds; ++round) {
    std::string text = RandomText(*lexicon, random, pieces);
    auto a = fast.Scan(text);
    auto b = plain.Scan(text);
    if (a != b) FAIL("prefiltered and plain scans differ on: " << text);
  }
}

}  // namespace chiplight::testing

#endif  // CHIPLIGHT_TESTS_RANDOM_TEXT_H_
