// Stored listed tables (chiplight/listed.h, StoredListedParties): the built-in lexicon with a
// listed-parties document, compiled, and its matcher's automata, so that loading the packaged
// list is a table read (docs/listed-parties.md, "Cold start").
//
// Layout (core/src/byte_io.h): the tag; a hash of the built-in lexicon's compiled form (tables
// are for one built-in lexicon); the listed text's length and hash; the list's date; the compiled
// form of the whole lexicon (LexiconInternals::CompiledForm, without its text); the matcher's
// automata (MatcherTables::SerializedAutomata); then, as 8 bytes (least significant first), the
// TablesHash of everything before them, so that a changed byte anywhere is refused, not read.
#include "listed_tables.h"

#include <cstring>
#include <memory>
#include <string>

#include "builtin_lexicon.h"
#include "byte_io.h"
#include "chiplight/listed.h"
#include "chiplight/matcher.h"
#include "lexicon_internal.h"
#include "matcher_tables.h"

namespace chiplight {

namespace {

constexpr std::string_view kListedTablesTag = "chiplight-listed-tables-1";

}  // namespace

uint64_t TablesHash(std::string_view bytes) {
  // Eight bytes a step, multiplied and rotated: a few milliseconds for the list's megabytes in
  // WebAssembly, where FNV-1a's byte at a time took several times longer.
  constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
  uint64_t hash = 0xCBF29CE484222325ull ^ bytes.size();
  size_t at = 0;
  for (; at + 8 <= bytes.size(); at += 8) {
    uint64_t word = 0;
    for (int k = 7; k >= 0; --k) word = (word << 8) | static_cast<unsigned char>(bytes[at + k]);
    hash = ((hash ^ word) * kMultiplier);
    hash ^= hash >> 29;
  }
  for (; at < bytes.size(); ++at) {
    hash = (hash ^ static_cast<unsigned char>(bytes[at])) * kMultiplier;
  }
  return hash ^ (hash >> 32);
}

std::string MakeListedTables(std::string_view listed_json) {
  const ListedParties parties = WithListedParties(*Lexicon::BuiltIn(), listed_json);
  const std::string automata = MatcherTables::SerializedAutomata(Matcher(parties.lexicon));
  if (automata.empty()) {
    throw LexiconError("listed tables", "the listed parties' matcher has no automaton to store");
  }
  ByteWriter out;
  out.Raw(kListedTablesTag);
  out.Number(TablesHash(BuiltinLexiconCompiled()));
  out.Number(listed_json.size());
  out.Number(TablesHash(listed_json));
  out.Text(parties.list_date);
  out.Text(LexiconInternals::CompiledForm(*parties.lexicon, ""));
  out.Text(automata);
  std::string tables = out.Take();
  AppendTablesChecksum(&tables);
  return tables;
}

void AppendTablesChecksum(std::string* tables) {
  const uint64_t sum = TablesHash(*tables);
  for (int k = 0; k < 8; ++k) tables->push_back(static_cast<char>((sum >> (8 * k)) & 0xFF));
}

ListedParties StoredListedParties(std::string_view listed_json, std::string_view tables,
                                  std::string_view origin) {
  const std::string where(origin);
  if (tables.substr(0, kListedTablesTag.size()) != kListedTablesTag) {
    throw LexiconError(
        where, "not listed-party tables of this build (" + std::string(kListedTablesTag) + ")");
  }
  uint64_t sum = 0;
  for (int k = 7; k >= 0 && tables.size() >= 8; --k) {
    sum = (sum << 8) | static_cast<unsigned char>(tables[tables.size() - 8 + k]);
  }
  if (tables.size() < kListedTablesTag.size() + 8 ||
      sum != TablesHash(tables.substr(0, tables.size() - 8))) {
    throw LexiconError(where, "truncated or corrupt (its checksum differs)");
  }
  ByteReader in(tables.substr(0, tables.size() - 8));
  in.Raw(kListedTablesTag.size());
  const uint64_t builtin = in.Number();
  const uint64_t length = in.Number();
  const uint64_t hash = in.Number();
  if (!in.ok()) throw LexiconError(where, "truncated");
  if (builtin != TablesHash(BuiltinLexiconCompiled())) {
    throw LexiconError(where, "made for another built-in lexicon than this build's");
  }
  if (length != listed_json.size() || hash != TablesHash(listed_json)) {
    throw LexiconError(where, "not made from this listed-parties text (" +
                                  std::to_string(listed_json.size()) + " bytes)");
  }
  ListedParties out;
  out.list_date = in.Text();
  const std::string_view form = in.Raw(in.Count());
  auto automata = std::make_shared<const std::string>(in.Raw(in.Count()));
  if (!in.ok() || !in.AtEnd()) throw LexiconError(where, "truncated or corrupt");
  out.lexicon = LexiconInternals::FromStoredListed(
      form, std::make_shared<const std::string>(listed_json), std::move(automata));
  // The built-in lexicon's entries come first, unchanged: the rest are the list's.
  const auto builtin_lexicon = Lexicon::BuiltIn();
  const auto& base = builtin_lexicon->entries();
  bool same_base = out.lexicon && out.lexicon->entries().size() >= base.size() &&
                   out.lexicon->contexts().size() == builtin_lexicon->contexts().size();
  for (size_t i = 0; same_base && i < base.size(); ++i) {
    same_base = out.lexicon->entries()[i].id == base[i].id;
  }
  for (size_t i = base.size(); same_base && i < out.lexicon->entries().size(); ++i) {
    same_base = out.lexicon->entries()[i].category == Category::kListed;
  }
  if (!same_base) throw LexiconError(where, "its compiled lexicon is corrupt");
  if (out.list_date.size() != 10) throw LexiconError(where, "its list date is corrupt");
  return out;
}

}  // namespace chiplight
