// `chiplight lexicon import-list FILE` and the packaged listed parties (docs/listed-parties.md).
#ifndef CHIPLIGHT_CLI_IMPORT_LIST_H_
#define CHIPLIGHT_CLI_IMPORT_LIST_H_

#include <string>
#include <string_view>

namespace chiplight::cli {

// The packaged listed-parties file (core/data/entity-list/listed-lexicon.json), embedded.
std::string_view PackagedListedJson();
// Its stored tables (core/tools/listed_tables.cc), embedded: StoredListedParties reads them.
std::string_view PackagedListedTables();

// Converts a Consolidated Screening List download (trade.gov, JSON or CSV) into a listed-parties
// file: its Entity List and MEU records as lexicon entries of category "listed", validated with
// the built-in lexicon as the scanner would load it. Throws std::runtime_error naming the place
// ("consolidated.csv:5: row has 30 fields where the header has 29") on a broken file; then
// nothing is written.
std::string ConvertScreeningList(const std::string& path);

// Runs the subcommand: writes the converted file to `out_path` (replacing it whole, only once
// the conversion is valid) or to standard output when `out_path` is empty; returns the exit code.
int RunImportList(const std::string& path, const std::string& out_path);

}  // namespace chiplight::cli

#endif  // CHIPLIGHT_CLI_IMPORT_LIST_H_
