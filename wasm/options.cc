#include "options.h"

#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "chiplight/listed.h"
#include "lexicon_internal.h"
#include "listed_tables.h"

namespace chiplight::wasm {
namespace {

using nlohmann::json;

// Refuses text nested deeper than kMaxOptionsNesting, without recursion and before parsing
// (parsing is iterative, but what follows is not). The error names the option (the top-level
// key) the deep value is under.
void CheckNesting(std::string_view text) {
  size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  size_t string_start = 0;
  std::string_view last_key;  // the last string seen directly inside the options object
  std::string_view option;    // the option the current value belongs to
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        if (depth == 1) last_key = text.substr(string_start, i - string_start);
      }
    } else if (c == '"') {
      in_string = true;
      string_start = i + 1;
    } else if (c == '[' || c == '{') {
      if (depth == 1) option = last_key;
      if (++depth > kMaxOptionsNesting) throw NestedTooDeep(option);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

// `categories` (names), in the options' order.
std::vector<Category> ReadCategories(const json& options) {
  std::vector<Category> out;
  const auto categories = options.find("categories");
  if (categories == options.end() || categories->is_null()) return out;
  if (!categories->is_array()) {
    throw CategoriesNotAnArray();
  }
  for (size_t i = 0; i < categories->size(); ++i) {
    const json& name = (*categories)[i];
    if (!name.is_string()) throw CategoryNotAString(i, name.type_name());
    const std::optional<Category> category = ParseCategory(name.get<std::string>());
    if (!category) throw UnknownCategory(i, name.get<std::string>());
    out.push_back(*category);
  }
  return out;
}

}  // namespace

MatcherSpec ReadMatcherOptions(std::string_view options_json) {
  CheckNesting(options_json);
  json parsed;
  try {
    parsed = json::parse(options_json);
  } catch (const json::exception& error) {
    throw OptionsError(std::string("options: not JSON: ") + error.what());
  }
  if (!parsed.is_object()) throw NotAnObject();
  MatcherSpec spec;
  spec.categories = ReadCategories(parsed);
  const auto extra = parsed.find("extraTerms");
  if (extra != parsed.end() && !extra->is_null()) {
    if (!extra->is_array()) throw OptionsError("extraTerms: must be an array of terms");
    if (!extra->empty()) spec.extra_terms = std::move(*extra);
  }
  return spec;
}

std::string MatcherSpec::LexiconKey() const {
  // The listed tables by their own hash and the text's (StoredListedParties checks that they
  // belong together), then the extra terms.
  std::string key;
  if (!listed_tables.empty()) {
    key = "listed " + std::to_string(TablesHash(listed_tables)) + " " +
          std::to_string(TablesHash(listed_json)) + "\n";
  }
  // Nesting is bounded (CheckNesting), so printing is safe.
  if (!extra_terms.is_null())
    key += extra_terms.dump(-1, ' ', false, json::error_handler_t::replace);
  return key;
}

std::shared_ptr<const Lexicon> BuildLexicon(const MatcherSpec& spec) {
  std::shared_ptr<const Lexicon> lexicon = Lexicon::BuiltIn();
  if (!spec.listed_tables.empty()) {
    lexicon = StoredListedParties(spec.listed_json, spec.listed_tables, "listed tables").lexicon;
  }
  if (spec.extra_terms.is_null()) return lexicon;
  return LexiconInternals::WithExtraEntries(*lexicon, spec.extra_terms, "extraTerms");
}

}  // namespace chiplight::wasm
