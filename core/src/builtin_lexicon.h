// Internal: the built-in lexicon's JSON text, generated at build time from core/data/lexicon.json.
#ifndef CHIPLIGHT_BUILTIN_LEXICON_H_
#define CHIPLIGHT_BUILTIN_LEXICON_H_

#include <string_view>

namespace chiplight {
std::string_view BuiltinLexiconJson();
}

#endif  // CHIPLIGHT_BUILTIN_LEXICON_H_
