// The stored-table readers on any bytes: a compiled lexicon form, a serialised prefix automaton
// (the dense or the sparse layout: corpus/tables has a seed of each) and stored listed tables are
// either read whole or refused (nullptr, or a LexiconError for listed tables), never a crash;
// what is read can be used.
#include "builtin_lexicon.h"
#include "byte_io.h"
#include "chiplight/lexicon.h"
#include "chiplight/listed.h"
#include "chiplight/matcher.h"
#include "fuzz_support.h"
#include "lexicon_internal.h"
#include "listed_tables.h"
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
  } else if (which & 2) {
    // Stored listed tables: a header that names this build's built-in lexicon and this listed
    // text (what a fuzzer could not guess), then any bytes for the date, the compiled form and
    // the automata.
    static const std::string listed =
        R"({"format": 1, "kind": "chiplight-listed-parties", "list_date": "2025-10-09", )"
        R"("entries": [{"id": "listed-x", "category": "listed", "label": "Xyz Lab", )"
        R"("names": ["Xyz Lab", "Xyz Laboratory"]}]})";
    ByteWriter header;
    header.Raw("chiplight-listed-tables-1");
    header.Number(TablesHash(BuiltinLexiconCompiled()));
    header.Number(listed.size());
    header.Number(TablesHash(listed));
    // And the right checksum (what a fuzzer could not guess either).
    std::string tables = header.Take() + std::string(bytes);
    AppendTablesChecksum(&tables);
    try {
      const ListedParties parties = StoredListedParties(listed, tables);
      const Matcher matcher(parties.lexicon);
      (void)matcher.Scan(
          "Xyz Lab rents H100 servers from AWS; Xyz Laboratory \xE5\x87\xBA\xE5\x8F\xA3");
    } catch (const LexiconError&) {
      // Refused, with a message: what a corrupt table must give.
    }
  } else {
    auto automaton = PrefixAutomaton::Deserialize(bytes, 1 + (which >> 2));
    if (automaton) {
      std::vector<PrefixAutomaton::Candidate> found;
      automaton->Collect("Nvidia H100 A100 aws 8xh100 \xE5\x87\xBA\xE5\x8F\xA3", &found);
      (void)automaton->Serialize();
    }
  }
  return 0;
}
