// Any bytes as createMatcher()'s options where they reach C++: the text cl_create (wasm/binding.cc)
// hands to wasm/options.cc, up to the first NUL; the rest (or a fixed text) is scanned. Reading
// them gives a spec or an OptionsError naming the option, never another exception, a crash or a
// stack overflow (nesting is refused before parsing); building the lexicon gives one or a
// LexiconError placed in extraTerms. An accepted spec builds a matcher, and the binding's way of
// honouring `categories` (one unfiltered matcher per lexicon, shared, its results filtered per
// handle) must equal a matcher built with those categories.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string_view>
#include <vector>

#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"
#include "fuzz_support.h"
#include "options.h"

using namespace chiplight;

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view options = input.substr(0, nul);
  const std::string_view text =
      nul == std::string_view::npos
          ? std::string_view("Nvidia H100 on AWS via an intermediary; 出口管制 A100 8xH100 GPU")
          : input.substr(nul + 1);
  wasm::MatcherSpec spec;
  try {
    spec = wasm::ReadMatcherOptions(options);
  } catch (const wasm::OptionsError& error) {
    // Every message says which option (or the options as a whole) it is about.
    if (std::string_view(error.what()).find(": ") == std::string_view::npos) __builtin_trap();
    return 0;
  }
  std::shared_ptr<const Lexicon> lexicon;
  try {
    lexicon = wasm::BuildLexicon(spec);
  } catch (const LexiconError& error) {
    if (!StartsWith(error.place(), "extraTerms")) {
      std::fprintf(stderr, "fuzz: an extra term's error is placed at \"%s\"\n",
                   error.place().c_str());
      __builtin_trap();
    }
    return 0;
  }
  if (spec.extra_terms.is_null() && lexicon != Lexicon::BuiltIn()) __builtin_trap();
  // Building may still refuse (a LexiconError naming the term), as cl_create reports it.
  std::unique_ptr<Matcher> shared, filtered;
  try {
    shared = std::make_unique<Matcher>(lexicon);
    MatcherOptions options_with_categories;
    options_with_categories.categories = spec.categories;
    filtered = std::make_unique<Matcher>(lexicon, options_with_categories);
  } catch (const LexiconError&) {
    return 0;
  }
  std::vector<Match> expected = shared->Scan(text);
  if (!spec.categories.empty()) {
    expected.erase(std::remove_if(expected.begin(), expected.end(),
                                  [&](const Match& m) {
                                    const Category c = lexicon->entries()[m.entry].category;
                                    return std::find(spec.categories.begin(), spec.categories.end(),
                                                     c) == spec.categories.end();
                                  }),
                   expected.end());
  }
  const std::vector<Match> actual = filtered->Scan(text);
  if (expected != actual) {
    std::fprintf(stderr,
                 "fuzz: a shared matcher's results, filtered, differ from a filtered matcher's\n");
    fuzz::PrintMatches("shared, filtered", expected);
    fuzz::PrintMatches("filtered matcher", actual);
    std::abort();
  }
  return 0;
}
