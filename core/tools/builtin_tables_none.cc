// No tables worked out at build time: for their generator itself (core/tools/builtin_tables.cc),
// and for builds without them. PatternPrefixes then analyses every pattern, and the built-in
// lexicon is parsed from its JSON text: the same results, only a slower start.
#include "builtin_lexicon.h"
#include "pattern_prefixes.h"

namespace chiplight {

std::pair<const PrecomputedPrefixes*, size_t> PrecomputedPatternPrefixes() { return {nullptr, 0}; }

std::string_view BuiltinLexiconCompiled() { return {}; }

std::string_view BuiltinAutomata() { return {}; }

}  // namespace chiplight
