// Internal: what the lexicon loader's checks share (lexicon.cc, lexicon_glossary.cc): places
// that name themselves in error messages, and the small readers of required and optional keys.
#ifndef CHIPLIGHT_LEXICON_CHECKS_H_
#define CHIPLIGHT_LEXICON_CHECKS_H_

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chiplight/lexicon.h"

namespace chiplight {

using nlohmann::json;

// Builds error messages that name their place: `entries[12] (nvidia-h100): patterns[0]: ...`.
// The head names the object (an entry, a context set); the path leads inside it. A place only
// refers to the one it is inside of, and spells itself out only when something fails: loading
// valid input (every page, in the browser) builds no message.
class Place {
 public:
  explicit Place(std::string head) : head_(std::move(head)) {}
  Place Sub(std::string key) const { return Place(this, std::move(key), kNoIndex); }
  Place Index(std::string key, size_t i) const { return Place(this, std::move(key), i); }
  [[noreturn]] void Fail(const std::string& message) const {
    throw LexiconError(Describe(), message);
  }

 private:
  static constexpr size_t kNoIndex = static_cast<size_t>(-1);
  Place(const Place* outer, std::string key, size_t index)
      : outer_(outer), key_(std::move(key)), index_(index) {}
  std::string Describe() const {
    if (!outer_) return head_;
    std::string outer = outer_->Describe();
    std::string step = key_;
    if (index_ != kNoIndex) step += "[" + std::to_string(index_) + "]";
    if (outer.empty()) return step;
    // The head is followed by ": ", the steps of a path by ".".
    return outer + (outer_->outer_ ? "." : ": ") + step;
  }

  const Place* outer_ = nullptr;
  std::string head_;
  std::string key_;
  size_t index_ = kNoIndex;
};

inline std::string TypeName(const json& value) { return value.type_name(); }

inline const json& Require(const json& object, const char* key, const Place& place) {
  auto it = object.find(key);
  if (it == object.end()) place.Fail(std::string("missing \"") + key + "\"");
  return *it;
}

inline std::string RequireString(const json& object, const char* key, const Place& place) {
  const json& value = Require(object, key, place);
  if (!value.is_string()) place.Sub(key).Fail("expected a string, found " + TypeName(value));
  std::string text = value.get<std::string>();
  if (text.empty()) place.Sub(key).Fail("must not be empty");
  return text;
}

inline std::vector<std::string> OptionalStrings(const json& object, const char* key,
                                                const Place& place) {
  std::vector<std::string> result;
  auto it = object.find(key);
  if (it == object.end()) return result;
  if (!it->is_array()) place.Sub(key).Fail("expected an array, found " + TypeName(*it));
  for (size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    if (!item.is_string()) place.Index(key, i).Fail("expected a string, found " + TypeName(item));
    if (item.get_ref<const std::string&>().empty()) place.Index(key, i).Fail("must not be empty");
    result.push_back(item.get<std::string>());
  }
  return result;
}

inline void CheckKeys(const json& object, std::initializer_list<const char*> known,
                      const Place& place) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool ok = false;
    for (const char* key : known) ok = ok || it.key() == key;
    if (!ok) place.Sub(it.key()).Fail("unknown key");
  }
}

inline bool IsValidDate(const std::string& date) {
  // YYYY, YYYY-MM or YYYY-MM-DD. (RE2 would do, but std::regex costs the wasm build 40 KB.)
  auto digits = [&](size_t from, size_t count) {
    for (size_t i = from; i < from + count; ++i) {
      if (i >= date.size() || date[i] < '0' || date[i] > '9') return false;
    }
    return true;
  };
  auto number = [&](size_t from) { return (date[from] - '0') * 10 + (date[from + 1] - '0'); };
  if (!digits(0, 4)) return false;
  if (date.size() == 4) return true;
  if (date.size() < 7 || date[4] != '-' || !digits(5, 2) || number(5) < 1 || number(5) > 12) {
    return false;
  }
  if (date.size() == 7) return true;
  return date.size() == 10 && date[7] == '-' && digits(8, 2) && number(8) >= 1 && number(8) <= 31;
}

// Checks an entry's `glossary` (lexicon_glossary.cc): summary, dates, citations, control,
// related ids' form, the listed party's card, the Chinese translations.
void ValidateGlossary(const json& glossary, const Place& place);

}  // namespace chiplight

#endif  // CHIPLIGHT_LEXICON_CHECKS_H_
