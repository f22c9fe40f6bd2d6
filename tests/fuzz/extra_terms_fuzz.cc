// Extra terms as a user writes them (a few names and patterns, NUL-separated): loading either
// accepts them or throws a LexiconError, never anything else; once accepted, a matcher can be
// built, and scanning the rest of the input with the prefilter equals RE2 alone.
#include <nlohmann/json.hpp>

#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"
#include "fuzz_support.h"
#include "lexicon_internal.h"

using namespace chiplight;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A small base (a vendor, a model with a context rule, a cloud) keeps each run fast; the
  // terms' interplay with the built-in lexicon's is scan_fuzz's and the tests' business.
  static const auto base = Lexicon::FromJson(R"json({"format": 1, "version": "fuzz",
    "contexts": {"gpu": {"names": ["GPU", "accelerator"], "patterns": ["[0-9]+ ?GB"]}},
    "entries": [
      {"id": "nvidia", "category": "chip", "kind": "vendor", "label": "Nvidia", "names": ["Nvidia"]},
      {"id": "a100", "category": "chip", "label": "A100", "names": ["A100"],
       "patterns": ["A100[- ]?(?:PCIe|SXM4?)"]},
      {"id": "h20", "category": "chip", "label": "H20", "names": ["H20"],
       "context": {"anyOf": ["gpu"], "categories": ["cloud"]}},
      {"id": "aws", "category": "cloud", "label": "AWS", "names": ["AWS", "Amazon Web Services"]}
    ]})json");
  fuzz::Choices choices(data, size);
  const uint8_t shape = choices.Byte();
  nlohmann::json term = {{"label", "Fuzzed"}, {"category", "chip"}};
  // Strings must be valid UTF-8 to be JSON at all (the browser's are); invalid ones are skipped.
  auto add = [&](const char* key, std::string_view text) {
    std::string value(text);
    try {
      (void)nlohmann::json(value).dump();
    } catch (const nlohmann::json::exception&) {
      return;
    }
    term[key].push_back(value);
  };
  for (int i = 0; i < 1 + (shape & 1); ++i) add("names", choices.Field());
  for (int i = 0; i < ((shape >> 1) & 3); ++i) add("patterns", choices.Field());
  if (shape & 8) term["flags"] = {"case-sensitive"};
  std::shared_ptr<const Lexicon> lexicon;
  try {
    lexicon =
        LexiconInternals::WithExtraEntries(*base, nlohmann::json::array({term}), "extraTerms");
  } catch (const LexiconError&) {
    return 0;
  }
  MatcherOptions reference_options;
  reference_options.use_prefilter = false;
  const Matcher reference(lexicon, reference_options);
  const Matcher prefiltered(lexicon);
  const std::string_view text = choices.Rest();
  const std::vector<Match> expected = reference.Scan(text);
  const std::vector<Match> found = prefiltered.Scan(text);
  fuzz::ExpectSame("the prefilter with extra terms", expected, found);
  return 0;
}
