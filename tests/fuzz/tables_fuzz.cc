// The stored-table readers on any bytes: a compiled lexicon form and a serialised prefix
// automaton are either read whole or refused (nullptr), never a crash; what is read can be
// used.
#include "chiplight/lexicon.h"
#include "fuzz_support.h"
#include "lexicon_internal.h"
#include "prefix_automaton.h"

using namespace chiplight;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Choices choices(data, size);
  const uint8_t which = choices.Byte();
  const std::string_view bytes = choices.Rest();
  if (which & 1) {
    // The JSON text only has to be of the length the form records; it is parsed only on demand.
    static const std::string json_text(Lexicon::BuiltInJson());
    auto lexicon = LexiconInternals::FromCompiledForm(bytes, json_text);
    if (lexicon) {
      for (const Entry& e : lexicon->entries()) (void)e.names.size();
      (void)lexicon->max_context_window();
    }
  } else {
    auto automaton = PrefixAutomaton::Deserialize(bytes, 1 + (which >> 1));
    if (automaton) {
      std::vector<PrefixAutomaton::Candidate> found;
      automaton->Collect("Nvidia H100 A100 aws 8xh100 \xE5\x87\xBA\xE5\x8F\xA3", &found);
      (void)automaton->Serialize();
    }
  }
  return 0;
}
