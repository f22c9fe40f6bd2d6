// Checks of an entry's glossary: what cards show (docs/lexicon.md, "Glossary").
#include <string>

#include "lexicon_checks.h"

namespace chiplight {
namespace {

// A listed party's card (docs/listed-parties.md, "The lexicon form"): what the card and the
// scanner read must be there and of the right type; the rest is shown as it is.
void ValidateListedCard(const json& card, const Place& place) {
  if (!card.is_object()) place.Fail("expected an object, found " + TypeName(card));
  const std::string list = RequireString(card, "list", place);
  if (list != "entity" && list != "meu") place.Sub("list").Fail("expected \"entity\" or \"meu\"");
  for (const char* key : {"since", "list_date"}) {
    if (!card.contains(key) || card[key].is_null()) continue;
    std::string date = RequireString(card, key, place);
    if (!IsValidDate(date))
      place.Sub(key).Fail("\"" + date + "\" is not YYYY, YYYY-MM or YYYY-MM-DD");
  }
  OptionalStrings(card, "aliases", place);
  OptionalStrings(card, "countries", place);
  if (card.contains("city") && !card["city"].is_null()) RequireString(card, "city", place);
  for (const char* key : {"requirement", "policy"}) {
    auto it = card.find(key);
    if (it == card.end()) continue;
    if (!it->is_array()) place.Sub(key).Fail("expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_object()) place.Index(key, i).Fail("expected an object with \"class\"");
      RequireString((*it)[i], "class", place.Index(key, i));
    }
  }
}

// The card's words in Chinese (docs/lexicon.md, *Translations*): per script, the label, the
// summary (zh-Hant; zh-Hans is summary.zh), one event per date in the same order, the control
// note. Optional here (a caller's extra terms may have none); the built-in lexicon's are
// complete, which tests/browser/languages.test.mjs checks.
void ValidateTranslations(const json& glossary, const json& i18n, const Place& glossary_place) {
  const Place place = glossary_place.Sub("i18n");
  if (!i18n.is_object()) place.Fail("expected an object with \"zh-Hans\" and \"zh-Hant\"");
  CheckKeys(i18n, {"zh-Hans", "zh-Hant"}, place);
  const auto dates = glossary.find("dates");
  const size_t date_count = dates != glossary.end() && dates->is_array() ? dates->size() : 0;
  for (const auto& [script, words] : i18n.items()) {
    const Place p = place.Sub(script);
    if (!words.is_object()) p.Fail("expected an object, found " + TypeName(words));
    CheckKeys(words, {"label", "summary", "events", "note"}, p);
    for (const char* key : {"label", "summary", "note"}) {
      if (words.contains(key)) RequireString(words, key, p);
    }
    if (words.contains("events")) {
      OptionalStrings(words, "events", p);
      if (words.at("events").size() != date_count) {
        p.Sub("events").Fail("expected one event for each of the " + std::to_string(date_count) +
                             " dates, found " + std::to_string(words.at("events").size()));
      }
    }
  }
}

}  // namespace

void ValidateGlossary(const json& glossary, const Place& place) {
  if (!glossary.is_object()) place.Fail("expected an object, found " + TypeName(glossary));
  CheckKeys(glossary,
            {"summary", "dates", "citations", "control", "related", "notes", "listed", "i18n"},
            place);
  if (auto it = glossary.find("summary"); it != glossary.end()) {
    Place p = place.Sub("summary");
    if (!it->is_object()) p.Fail("expected an object with \"en\" and \"zh\"");
    CheckKeys(*it, {"en", "zh"}, p);
    for (const char* lang : {"en", "zh"}) {
      if (it->contains(lang)) RequireString(*it, lang, p);
    }
  }
  if (auto it = glossary.find("dates"); it != glossary.end()) {
    if (!it->is_array()) place.Sub("dates").Fail("expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      Place p = place.Index("dates", i);
      const json& date = (*it)[i];
      if (!date.is_object()) p.Fail("expected an object with \"date\" and \"event\"");
      CheckKeys(date, {"date", "event"}, p);
      std::string when = RequireString(date, "date", p);
      if (!IsValidDate(when))
        p.Sub("date").Fail("\"" + when + "\" is not YYYY, YYYY-MM or YYYY-MM-DD");
      RequireString(date, "event", p);
    }
  }
  if (auto it = glossary.find("citations"); it != glossary.end()) {
    if (!it->is_array()) place.Sub("citations").Fail("expected an array");
    for (size_t i = 0; i < it->size(); ++i) {
      Place p = place.Index("citations", i);
      const json& citation = (*it)[i];
      if (!citation.is_object()) p.Fail("expected an object with \"text\" and \"url\"");
      CheckKeys(citation, {"text", "url", "kind"}, p);
      RequireString(citation, "text", p);
      // Which kinds (and hosts) are allowed is data: core/data/source-kinds.json, checked by tests.
      if (citation.contains("kind")) RequireString(citation, "kind", p);
      if (citation.contains("url")) {
        std::string url = RequireString(citation, "url", p);
        if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
          p.Sub("url").Fail("\"" + url + "\" is not an http(s) URL");
        }
      }
    }
  }
  if (auto it = glossary.find("control"); it != glossary.end()) {
    Place p = place.Sub("control");
    if (!it->is_object()) p.Fail("expected an object");
    CheckKeys(*it, {"rules", "since", "note"}, p);
    OptionalStrings(*it, "rules", p);
    if (it->contains("since")) {
      std::string since = RequireString(*it, "since", p);
      if (!IsValidDate(since))
        p.Sub("since").Fail("\"" + since + "\" is not YYYY, YYYY-MM or YYYY-MM-DD");
    }
    if (it->contains("note")) RequireString(*it, "note", p);
  }
  OptionalStrings(glossary, "related", place);
  if (glossary.contains("notes")) RequireString(glossary, "notes", place);
  if (auto it = glossary.find("listed"); it != glossary.end())
    ValidateListedCard(*it, place.Sub("listed"));
  if (auto it = glossary.find("i18n"); it != glossary.end())
    ValidateTranslations(glossary, *it, place);
}

}  // namespace chiplight
