// Internal: what the build stores about a matcher of the built-in lexicon
// (core/tools/builtin_tables.cc), so that such a matcher starts without building its automata.
// Not part of the public API: only the build and the tests use it.
#ifndef CHIPLIGHT_MATCHER_TABLES_H_
#define CHIPLIGHT_MATCHER_TABLES_H_

#include <string>

#include "chiplight/matcher.h"

namespace chiplight {

class MatcherTables {
 public:
  // The matcher's automata (terms and context words) as bytes, which the library stores for
  // the built-in lexicon; empty if it has none.
  static std::string SerializedAutomata(const Matcher& matcher);
  // Whether the matcher started from the automata stored with the library.
  static bool Prebuilt(const Matcher& matcher);
};

}  // namespace chiplight

#endif  // CHIPLIGHT_MATCHER_TABLES_H_
