// Internal: what in-tree code needs of a Lexicon beyond the public API (chiplight/lexicon.h):
// its JSON document as parsed objects (the WebAssembly binding, the CLI's glossary command, tests,
// the benchmark), and its compiled form (the build's generator, core/tools/builtin_tables.cc).
// Kept out of the public header so that it needs no nlohmann/json and promises no build detail.
#ifndef CHIPLIGHT_LEXICON_INTERNAL_H_
#define CHIPLIGHT_LEXICON_INTERNAL_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "chiplight/lexicon.h"

namespace chiplight {

class LexiconInternals {
 public:
  // Validates a parsed lexicon document, as Lexicon::FromJson does its text.
  static std::shared_ptr<const Lexicon> FromDocument(const nlohmann::json& document);
  // Lexicon::WithExtraEntries for an array already parsed.
  static std::shared_ptr<const Lexicon> WithExtraEntries(const Lexicon& base,
                                                         const nlohmann::json& extra,
                                                         std::string_view array_name);
  // Parses JSON text as the loader does: syntax errors, numbers too large and nesting deeper
  // than a lexicon needs are LexiconErrors whose place is `origin` with the line and column.
  static nlohmann::json ParseJson(std::string_view text, std::string_view origin);
  // The whole document as loaded (with any extra entries).
  static const nlohmann::json& Document(const Lexicon& lexicon);
  // One of lexicon.entries() exactly as written in the document, with its glossary.
  static const nlohmann::json& Source(const Lexicon& lexicon, const Entry& entry);

  // What matching needs of a valid lexicon (everything but the glossary), in a compact binary
  // form that loads without parsing JSON: the build stores the built-in lexicon's this way
  // (core/tools/builtin_tables.cc), so that starting a matcher, on every page in the browser,
  // parses no JSON. `json_text` is the text the lexicon was loaded from. FromCompiledForm takes
  // that text too, parsed only if Document() or Source() is asked for, and returns nullptr if the
  // form is not of this build's layout or not of a text of that length.
  static std::string CompiledForm(const Lexicon& lexicon, std::string_view json_text);
  static std::shared_ptr<const Lexicon> FromCompiledForm(std::string_view form,
                                                         std::string_view json_text);

  // The matcher's automata stored for this lexicon (see Lexicon::stored_automata_), and whether
  // a stored table that doesn't read must be an error rather than a reason to build them.
  static std::string_view StoredAutomata(const Lexicon& lexicon) {
    return lexicon.stored_automata_;
  }
  static bool StoredAutomataRequired(const Lexicon& lexicon) {
    return lexicon.stored_automata_required_;
  }
  // A lexicon read from stored listed tables: `form` is the compiled form of the built-in
  // lexicon with the listed entries (CompiledForm with an empty text), `listed_json` the
  // listed-parties document they were made from (parsed only if Document() is asked for),
  // `automata` its matcher's. nullptr if the form doesn't read.
  static std::shared_ptr<const Lexicon> FromStoredListed(
      std::string_view form, std::shared_ptr<const std::string> listed_json,
      std::shared_ptr<const std::string> automata);
  // Appends `extra` (entries as WithExtraEntries takes them) to `entries`, giving ids as it does.
  static void AppendExtraEntries(nlohmann::json* entries, const nlohmann::json& extra,
                                 const std::string& array_name);

 private:
  friend class Lexicon;
  // Patterns of entries from `check_patterns_from` on (and of the context sets if that is 0) are
  // compiled one by one, for an error that names them; the others are known good (the built-in
  // lexicon's, checked by its tests; a base lexicon's, checked when it was loaded). The document
  // is kept (moved in).
  static constexpr size_t kCheckNoPatterns = static_cast<size_t>(-1);
  static std::shared_ptr<const Lexicon> Load(nlohmann::json document, size_t check_patterns_from);
};

}  // namespace chiplight

#endif  // CHIPLIGHT_LEXICON_INTERNAL_H_
