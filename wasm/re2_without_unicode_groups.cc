// The widget's module (wasm/CMakeLists.txt) links this instead of RE2's unicode_groups.cc: no
// Unicode group tables (\p{Han}, \pL...), about 10 KB gzipped less before a news article is
// highlighted. The widget's matcher compiles only the built-in lexicon's patterns (it takes no
// extra terms), and those use no Unicode group and no named group (whose name check reads the
// tables): tests/widget/module.test.mjs checks both. "\p{Any}" is RE2's own and still works; any
// other group would be refused as a bad character range.
#include "re2/unicode_groups.h"

namespace re2 {
const UGroup unicode_groups[] = {{"", +1, nullptr, 0, nullptr, 0}};
const int num_unicode_groups = 0;
}  // namespace re2
