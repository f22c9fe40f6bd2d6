// Writing a JSON string without a JSON library: for output written a piece at a time (the
// scanner's JSON lines) and for code that carries no JSON printer (the widget's WebAssembly
// module, docs/widget.md, "Weight").
#ifndef CHIPLIGHT_JSON_STRING_H_
#define CHIPLIGHT_JSON_STRING_H_

#include <string>
#include <string_view>

namespace chiplight {

// Appends `utf8` to `out` as a JSON string, quotes included, exactly as nlohmann::json's dump()
// writes it: '"' and '\\' escaped, \b \f \n \r \t as such, other control characters (below
// U+0020) as \u00xx in lower case, every other byte as it is (no \u escapes for non-ASCII).
// `utf8` must be valid UTF-8 (IsValidUtf8 in chiplight/text.h): other bytes are copied as they
// are, which JSON readers reject or replace.
void AppendJsonString(std::string& out, std::string_view utf8);

}  // namespace chiplight

#endif  // CHIPLIGHT_JSON_STRING_H_
