// Internal: the stored tables of a listed-parties document (chiplight/listed.h,
// StoredListedParties), made at build time by core/tools/listed_tables.cc.
#ifndef CHIPLIGHT_LISTED_TABLES_H_
#define CHIPLIGHT_LISTED_TABLES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace chiplight {

// The tables for the built-in lexicon with the listed-parties document `listed_json` (validated
// as WithListedParties does: throws LexiconError): what StoredListedParties reads.
std::string MakeListedTables(std::string_view listed_json);

// Appends the checksum that ends stored listed tables (the TablesHash of what is before it).
void AppendTablesChecksum(std::string* tables);

// A 64-bit hash of bytes, eight at a time (the tables name the text they were made from by its
// length and this): not cryptographic, it catches a text that is not the one they were made from.
uint64_t TablesHash(std::string_view bytes);

}  // namespace chiplight

#endif  // CHIPLIGHT_LISTED_TABLES_H_
