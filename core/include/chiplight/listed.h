// Listed parties: the BIS Entity List and Military End-User list as lexicon entries of category
// `listed` (docs/listed-parties.md). They live in their own data file, not in the built-in
// lexicon, so that a front end that doesn't need them doesn't pay for them (the list has about
// twenty times the built-in lexicon's names): a front end loads the file when asked and appends
// its entries to a lexicon.
//
// The file is a JSON object: {"format": 1, "kind": "chiplight-listed-parties", "list_date":
// "YYYY-MM-DD", "entries": [lexicon entries of category "listed"], ...}. The packaged copy is
// core/data/entity-list/listed-lexicon.json (scripts/entity_list/listed_lexicon.py); `chiplight
// lexicon import-list` writes the same form from a Consolidated Screening List download.
#ifndef CHIPLIGHT_LISTED_H_
#define CHIPLIGHT_LISTED_H_

#include <memory>
#include <string>
#include <string_view>

#include "chiplight/lexicon.h"

namespace chiplight {

struct ListedParties {
  // The base lexicon with the file's entries appended.
  std::shared_ptr<const Lexicon> lexicon;
  // The list's state ("2025-10-09"): every front end that shows a listed party states it.
  std::string list_date;
};

// Reads a listed-parties document and appends its entries to `base`, validated like any
// lexicon (all or nothing). Every entry must be of category "listed". Errors are LexiconErrors
// whose place starts with `origin` (usually the file name): `listed.json: entries[3] (...):
// names[0]: ...`.
ListedParties WithListedParties(const Lexicon& base, std::string_view listed_json,
                                std::string_view origin = "");

// The built-in lexicon with a listed-parties document, read from the tables the build stores for
// it (core/tools/listed_tables.cc: the lexicon's compiled form and its matcher's automata), so
// that neither the JSON is parsed nor the automaton built: a table read (the packaged list's
// cold start, docs/listed-parties.md). `listed_json` must be the text the tables were made from
// (its length and a hash are checked; it is parsed only if an entry's source is asked for, by
// Lexicon::SourceJson); it is copied. The tables are validated whole: tables of another build,
// of another built-in lexicon or of another text, or corrupt ones, are a LexiconError naming
// `origin`, never a crash. Matching is exactly WithListedParties(*Lexicon::BuiltIn(), ...)'s.
ListedParties StoredListedParties(std::string_view listed_json, std::string_view tables,
                                  std::string_view origin = "listed tables");

}  // namespace chiplight

#endif  // CHIPLIGHT_LISTED_H_
