// The public headers stand alone: compiled by the build (tests/core/CMakeLists.txt) with only
// core/include on its include path and linked to nothing. nlohmann/json and RE2 live in
// /usr/include, which every compiler searches anyway, so the include path alone proves nothing:
// the checks below fail the build if a public header pulls either in.
#include "chiplight/assess.h"
#include "chiplight/category.h"
#include "chiplight/json_string.h"
#include "chiplight/lexicon.h"
#include "chiplight/listed.h"
#include "chiplight/matcher.h"
#include "chiplight/text.h"

#if defined(INCLUDE_NLOHMANN_JSON_HPP_) || defined(INCLUDE_NLOHMANN_JSON_FWD_HPP_) || \
    defined(NLOHMANN_JSON_VERSION_MAJOR)
#error "a public header includes nlohmann/json: keep it in core/src (lexicon_internal.h)"
#endif
#if defined(RE2_RE2_H_)
#error "a public header includes RE2"
#endif

namespace {
// What a program outside the tree writes: the lexicon's JSON goes in and comes out as text.
[[maybe_unused]] std::string FirstEntryJson() {
  const auto lexicon = chiplight::Lexicon::WithExtraEntries(
      *chiplight::Lexicon::BuiltIn(), R"([{"label": "X", "category": "chip", "names": ["X"]}])",
      "extraTerms");
  return lexicon->SourceJson(lexicon->entries().front());
}
}  // namespace
