// Any bytes as a lexicon file: a lexicon or a LexiconError naming its place, never a crash or
// another exception; a lexicon that loads builds a matcher (or a LexiconError) and scans.
#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"

using namespace chiplight;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto lexicon = Lexicon::FromJson(text, "fuzz.json");
    Matcher matcher(lexicon);
    (void)matcher.Scan("Nvidia H100 on AWS via an intermediary; 出口管制 A100 8xH100");
  } catch (const LexiconError& error) {
    // Every error names the file it came from.
    if (error.place().rfind("fuzz.json", 0) != 0) __builtin_trap();
  }
  return 0;
}
