// Any bytes scanned with the built-in lexicon: never a crash, and the prefilter's results equal
// RE2 alone's on the whole text, at block sizes from 1 byte and for any category filter (which only
// filters a full scan's results).
#include <map>
#include <memory>
#include <utility>

#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"
#include "fuzz_support.h"

using namespace chiplight;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto lexicon = Lexicon::BuiltIn();
  static const auto reference = [] {
    MatcherOptions options;
    options.use_prefilter = false;
    return std::make_unique<Matcher>(lexicon, options);
  }();
  static const Matcher prefiltered(lexicon);
  fuzz::Choices choices(data, size);
  const uint8_t block_choice = choices.Byte();
  const uint8_t category_bits = choices.Byte();
  const std::string_view text = choices.Rest();

  const std::vector<Match> expected = reference->Scan(text);
  fuzz::ExpectSame("the prefilter", expected, prefiltered.Scan(text));

  // Matchers compile patterns on first need: one per (block size, categories), kept.
  static std::map<std::pair<size_t, uint8_t>, std::unique_ptr<Matcher>> matchers;
  MatcherOptions options;
  constexpr size_t kBlockSizes[] = {1, 3, 17, 64};
  options.block_bytes = kBlockSizes[block_choice % 4];
  options.categories = fuzz::CategoriesOf(category_bits & 15);
  std::unique_ptr<Matcher>& small_blocks = matchers[{options.block_bytes, category_bits & 15}];
  if (!small_blocks) small_blocks = std::make_unique<Matcher>(lexicon, options);
  std::vector<Match> filtered;
  for (const Match& m : expected) {
    const Category category = lexicon->entries()[m.entry].category;
    bool wanted = options.categories.empty();
    for (Category c : options.categories) wanted = wanted || c == category;
    if (wanted) filtered.push_back(m);
  }
  fuzz::ExpectSame("small blocks with a category filter", filtered, small_blocks->Scan(text));
  return 0;
}
