// The widget's module (wasm/CMakeLists.txt) links this instead of the embedded lexicon text: it
// matches from the compiled form and the stored automata alone, which is all matching needs, and
// is some 50 KB (gzip) smaller. The glossary that text would carry is a separate file that the
// widget fetches when the first card opens (web/widget/). An empty text tells
// LexiconInternals::FromCompiledForm that it was left out on purpose.
#include <string_view>

namespace chiplight {
std::string_view BuiltinLexiconJson() { return {}; }
}  // namespace chiplight
