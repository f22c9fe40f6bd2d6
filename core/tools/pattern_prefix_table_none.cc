// No precomputed pattern prefixes: for the generator itself, and for builds without the
// generated table (PatternPrefixes then works every pattern out, with the same results).
#include "pattern_prefixes.h"

namespace chiplight {

std::pair<const PrecomputedPrefixes*, size_t> PrecomputedPatternPrefixes() { return {nullptr, 0}; }

}  // namespace chiplight
