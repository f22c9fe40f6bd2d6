// The options of createMatcher() as they reach C++ (wasm/binding.cc's cl_create): JSON text,
//   {"categories": ["chip", ...] | null, "extraTerms": [entry, ...] | null}
// read into the lexicon and MatcherOptions a matcher is built from. Kept apart from the binding,
// which only compiles to WebAssembly, so that a native fuzz target
// (tests/fuzz/wasm_options_fuzz.cc) runs exactly this code on any bytes.
#ifndef CHIPLIGHT_WASM_OPTIONS_H_
#define CHIPLIGHT_WASM_OPTIONS_H_

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "chiplight/json_string.h"
#include "chiplight/lexicon.h"

namespace chiplight::wasm {

// Options nested deeper than this are refused before they are parsed: a lexicon entry needs 6
// levels below the options object, and nlohmann::json copies, compares and prints values by
// recursion, which a deeply nested value would take past WebAssembly's stack (where an overflow
// is not caught: it writes over the module's data).
inline constexpr size_t kMaxOptionsNesting = 64;

// Malformed options; the message starts with the option it is about ("categories[2]: ...").
class OptionsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The messages both readers of the options give (options.cc with nlohmann::json,
// widget_options.cc without), so that the two modules' errors read the same.
// A value nested too deep, under `option` (a top-level key, or empty).
inline OptionsError NestedTooDeep(std::string_view option) {
  const std::string name =
      option.empty() ? std::string("options") : std::string(option.substr(0, 40));
  return OptionsError(name + ": values nested more than " + std::to_string(kMaxOptionsNesting) +
                      " levels deep (categories are names; a term needs 6 levels)");
}
inline OptionsError NotAnObject() { return OptionsError("options: must be an object"); }
inline OptionsError CategoriesNotAnArray() {
  return OptionsError("categories: must be an array of category names");
}
// categories[index] is a JSON value of this type (nlohmann::json's name for it). Only a string is
// printed back: printing another value could be as large as the options.
inline OptionsError CategoryNotAString(size_t index, std::string_view type_name) {
  return OptionsError("categories[" + std::to_string(index) +
                      "]: must be a category name (a string), not " + std::string(type_name));
}
inline OptionsError UnknownCategory(size_t index, std::string_view name) {
  std::string message = "categories[" + std::to_string(index) + "]: unknown category ";
  AppendJsonString(message, name);
  return OptionsError(message + " (expected chip, cloud, intermediary or regulation)");
}

// What the options ask for. The categories only filter a scan's results (MatcherOptions says so:
// matching is the same), so the binding compiles one matcher per lexicon and filters per handle.
struct MatcherSpec {
  std::vector<Category> categories;  // empty: every category
  nlohmann::json extra_terms;        // null, or a non-empty array of terms (lexicon format)
  // The packaged listed parties with their stored tables (cl_create_listed; chiplight/listed.h,
  // StoredListedParties): both empty, or the listed-parties text and the tables made from it.
  // Views of the caller's bytes, valid while the matcher is being built (the lexicon copies
  // what it keeps).
  std::string_view listed_json, listed_tables;
  // Identifies the lexicon BuildLexicon makes: the same key, the same lexicon.
  std::string LexiconKey() const;
};

// Reads the options' text. Throws OptionsError; nothing else (but std::bad_alloc).
MatcherSpec ReadMatcherOptions(std::string_view options_json);

// The built-in lexicon (with the listed parties read from their stored tables, if the spec has
// them), with the spec's extra terms appended. Throws LexiconError naming the bad
// term (extraTerms[i] (label): ...).
std::shared_ptr<const Lexicon> BuildLexicon(const MatcherSpec& spec);

}  // namespace chiplight::wasm

#endif  // CHIPLIGHT_WASM_OPTIONS_H_
