// Internal: the built-in lexicon, generated at build time from core/data/lexicon.json: its JSON
// text (cmake/EmbedFile.cmake); and, written by core/tools/builtin_tables.cc (empty in builds
// without it), its compiled form (LexiconInternals::CompiledForm) and its matcher's automata
// (MatcherTables::SerializedAutomata).
#ifndef CHIPLIGHT_BUILTIN_LEXICON_H_
#define CHIPLIGHT_BUILTIN_LEXICON_H_

#include <string_view>

namespace chiplight {
std::string_view BuiltinLexiconJson();
std::string_view BuiltinLexiconCompiled();
std::string_view BuiltinAutomata();
}  // namespace chiplight

#endif  // CHIPLIGHT_BUILTIN_LEXICON_H_
