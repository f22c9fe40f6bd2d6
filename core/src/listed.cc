#include "chiplight/listed.h"

#include <nlohmann/json.hpp>

#include "lexicon_internal.h"

namespace chiplight {

using nlohmann::json;

namespace {

constexpr std::string_view kListedKind = "chiplight-listed-parties";

bool IsDate(const json& value) {
  if (!value.is_string()) return false;
  const std::string& text = value.get_ref<const std::string&>();
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

}  // namespace

ListedParties WithListedParties(const Lexicon& base, std::string_view listed_json,
                                std::string_view origin) {
  const std::string where(origin);
  auto fail = [&](const std::string& place, const std::string& message) {
    throw LexiconError(where.empty()   ? place
                       : place.empty() ? where
                                       : where + ": " + place,
                       message);
  };
  json document = LexiconInternals::ParseJson(listed_json, origin);
  if (!document.is_object()) fail("", "expected a listed-parties object (docs/listed-parties.md)");
  if (document.value("kind", json()) != kListedKind) {
    fail("kind", "expected \"" + std::string(kListedKind) + "\" (a listed-parties file)");
  }
  if (document.value("format", json()) != 1) fail("format", "expected 1");
  if (!IsDate(document.value("list_date", json()))) {
    fail("list_date", "expected the list's date as YYYY-MM-DD");
  }
  auto entries = document.find("entries");
  if (entries == document.end() || !entries->is_array()) fail("entries", "expected an array");
  for (size_t i = 0; i < entries->size(); ++i) {
    const json& entry = (*entries)[i];
    if (!entry.is_object() || entry.value("category", json()) != "listed") {
      fail("entries[" + std::to_string(i) + "]", "expected an entry of category \"listed\"");
    }
  }
  ListedParties out;
  out.list_date = document["list_date"].get<std::string>();
  try {
    out.lexicon = LexiconInternals::WithExtraEntries(base, *entries, "entries");
  } catch (const LexiconError& error) {
    fail(error.place(), error.message());
  }
  return out;
}

}  // namespace chiplight
