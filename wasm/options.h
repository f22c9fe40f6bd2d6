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

#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"

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

struct MatcherSpec {
  std::shared_ptr<const Lexicon> lexicon;
  MatcherOptions options;
};

// Reads the options. Throws OptionsError, or a LexiconError naming the bad term (extraTerms);
// nothing else, and nothing is left allocated when it throws.
MatcherSpec ReadMatcherOptions(std::string_view options_json);

}  // namespace chiplight::wasm

#endif  // CHIPLIGHT_WASM_OPTIONS_H_
