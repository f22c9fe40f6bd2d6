// `chiplight lexicon import-list FILE`: a Consolidated Screening List download (trade.gov, JSON
// or CSV) into the listed-parties form the scanner reads (docs/listed-parties.md). The full
// cleaning of the packaged list (merged duplicates, over-matching aliases, Chinese names) is
// scripts/entity_list/entity_list.py's; this native conversion applies the rules that decide
// what matches: legal suffixes and bracketed places optional, short names only in context,
// names of generic words only never, a name shared by two parties kept once.
#include "import_list.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "chiplight/lexicon.h"
#include "chiplight/listed.h"
#include "name_tokens.h"
#include "screening_list_file.h"

namespace chiplight::cli {
namespace {

using nlohmann::json;
using Record = ScreeningRecord;

constexpr int kOk = 0;
constexpr int kBadInput = 1;

const char* const kEntityListSource = "Entity List (EL) - Bureau of Industry and Security";
const char* const kMeuSource = "Military End User (MEU) List - Bureau of Industry and Security";

// Legal forms dropped from the end of a name for its core (longest first).
const char* const kLegalSuffixes[] = {"limited liability company",
                                      "joint stock company",
                                      "corporation limited",
                                      "company limited",
                                      "private limited",
                                      "co., limited",
                                      "co. limited",
                                      "company ltd.",
                                      "company ltd",
                                      "sdn. bhd.",
                                      "pte. ltd.",
                                      "pvt. ltd.",
                                      "co., ltd.",
                                      "co., ltd",
                                      "co. ltd.",
                                      "co.,ltd.",
                                      "co.,ltd",
                                      "co. ltd",
                                      "corporation",
                                      "sdn bhd",
                                      "pte ltd",
                                      "pvt ltd",
                                      "co ltd",
                                      "limited",
                                      "company",
                                      "l.l.c.",
                                      "group",
                                      "corp.",
                                      "gmbh",
                                      "ltd.",
                                      "inc.",
                                      "corp",
                                      "s.a.",
                                      "b.v.",
                                      "pjsc",
                                      "ojsc",
                                      "cjsc",
                                      "ltd",
                                      "inc",
                                      "llc",
                                      "llp",
                                      "plc",
                                      "jsc",
                                      "ooo",
                                      "co."};

// Words that say what kind of body a party is, not which: a name of these alone never matches.
const std::set<std::string> kGenericWords = {"academy",
                                             "aerospace",
                                             "and",
                                             "automation",
                                             "bureau",
                                             "center",
                                             "centre",
                                             "china",
                                             "chinese",
                                             "co",
                                             "communication",
                                             "communications",
                                             "company",
                                             "component",
                                             "components",
                                             "computer",
                                             "computing",
                                             "concern",
                                             "corp",
                                             "corporation",
                                             "design",
                                             "development",
                                             "devices",
                                             "electric",
                                             "electronic",
                                             "electronics",
                                             "engineering",
                                             "enterprise",
                                             "enterprises",
                                             "equipment",
                                             "factory",
                                             "group",
                                             "holding",
                                             "holdings",
                                             "import",
                                             "industrial",
                                             "industries",
                                             "industry",
                                             "information",
                                             "institute",
                                             "institution",
                                             "instrument",
                                             "instruments",
                                             "international",
                                             "investment",
                                             "lab",
                                             "laboratories",
                                             "laboratory",
                                             "limited",
                                             "ltd",
                                             "machinery",
                                             "manufacturing",
                                             "microelectronics",
                                             "network",
                                             "networks",
                                             "of",
                                             "plant",
                                             "precision",
                                             "production",
                                             "research",
                                             "science",
                                             "sciences",
                                             "scientific",
                                             "semiconductor",
                                             "service",
                                             "services",
                                             "software",
                                             "solutions",
                                             "supply",
                                             "system",
                                             "systems",
                                             "tech",
                                             "technical",
                                             "technologies",
                                             "technology",
                                             "the",
                                             "trade",
                                             "trading",
                                             "university",
                                             "works"};

// A name of this many characters or fewer needs context (docs/listed-parties.md, "Flags").
constexpr size_t kShortName = 4;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) {
    if (std::string t = CollapseSpace(part); !t.empty()) parts.push_back(t);
  }
  return parts;
}

size_t CodePoints(std::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// The name without a trailing bracket and legal forms ("Huawei Technologies Co., Ltd.
// (Shenzhen)" -> "Huawei Technologies"), or empty if nothing drops.
std::string CoreOf(const std::string& name) {
  std::string core = name;
  for (bool changed = true; changed;) {
    changed = false;
    while (!core.empty() && (core.back() == ' ' || core.back() == ',')) core.pop_back();
    if (!core.empty() && core.back() == ')') {
      if (size_t open = core.rfind('('); open != std::string::npos && open > 0) {
        core = CollapseSpace(core.substr(0, open));
        changed = true;
        continue;
      }
    }
    const std::string lower = Lower(core);
    for (const char* suffix : kLegalSuffixes) {
      const std::string_view s(suffix);
      if (lower.size() > s.size() + 1 && lower.compare(lower.size() - s.size(), s.size(), s) == 0) {
        const char before = core[core.size() - s.size() - 1];
        if (before == ' ' || before == ',') {
          core = CollapseSpace(core.substr(0, core.size() - s.size()));
          changed = true;
          break;
        }
      }
    }
  }
  while (!core.empty() && (core.back() == ',' || core.back() == ' ')) core.pop_back();
  return core == name ? "" : core;
}

bool IsGenericOnly(const std::string& name) {
  std::string word;
  bool any = false;
  for (char c : Lower(name) + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      word += c;
      continue;
    }
    if (word.empty()) continue;
    if (!kGenericWords.count(word)) return false;
    any = true;
    word.clear();
  }
  return any;
}

std::string Slug(const std::string& text) {
  std::string slug;
  for (char c : Lower(text)) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.substr(0, 60).empty() ? "x" : slug.substr(0, 60);
}

std::string ClassifyPolicy(const std::string& text) {
  std::string t = Lower(CollapseSpace(text));
  auto starts = [&](const char* p) { return t.rfind(p, 0) == 0; };
  auto has = [&](const char* p) { return t.find(p) != std::string::npos; };
  if (has("744.21(d)")) return "meu-procedure";
  if ((starts("presumption of denial") || starts("presumption for denial") ||
       starts("policy of denial")) &&
      has("except"))
    return "denial-with-exceptions";
  if (starts("policy of denial")) return "policy-of-denial";
  if (starts("presumption of denial") || starts("presumption for denial"))
    return "presumption-of-denial";
  if (starts("case-by-case") && has("denial")) return "case-by-case-then-denial";
  if (has("presumption of approval") || (starts("case-by-case") && has("approval")))
    return "case-by-case-approval-ear99";
  if (starts("case-by-case") || starts("case by case")) return "case-by-case";
  if (starts("see")) return "see-regulation";
  return "other";
}

std::string ClassifyRequirement(const std::string& text) {
  std::string t = Lower(CollapseSpace(text));
  auto has = [&](const char* p) { return t.find(p) != std::string::npos; };
  if (has("supplement no. 2 to part 744")) return "meu-items";
  if (has("746.8(a)(4)")) return "all-items-for-listed-projects";
  if (has("supplement no. 7 to part 746")) return "ccl-and-listed-ear99";
  if (has("all items subject to the ear")) return "all-items";
  return "other";
}

// "YYYY-MM-DD..." or "M/D/YY(YY)" as YYYY-MM-DD; empty if neither.
std::string IsoDate(const std::string& text) {
  const std::string t = CollapseSpace(text);
  if (t.size() >= 10 && t[4] == '-' && t[7] == '-') return t.substr(0, 10);
  int m = 0, d = 0, y = 0;
  char tail = 0;
  if (std::sscanf(t.c_str(), "%d/%d/%d%c", &m, &d, &y, &tail) == 3 && m >= 1 && m <= 12 && d >= 1 &&
      d <= 31) {
    if (y < 50)
      y += 2000;
    else if (y < 100)
      y += 1900;
    char out[40];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    return out;
  }
  return "";
}

// "84 FR 22963, 5/21/19; 85 FR 29853, 5/19/20" -> citations with a federalregister.gov link.
json Citations(const std::string& notices) {
  json out = json::array();
  std::set<std::string> seen;
  for (size_t i = 0; i < notices.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(notices[i])) ||
        (i > 0 && std::isdigit(static_cast<unsigned char>(notices[i - 1]))))
      continue;
    unsigned volume = 0, page = 0;
    int used = 0;
    if (std::sscanf(notices.c_str() + i, "%u FR %u%n", &volume, &page, &used) != 2) continue;
    const std::string text = std::to_string(volume) + " FR " + std::to_string(page);
    if (!seen.insert(text).second) continue;
    json citation = {{"text", text}, {"kind", "official"}};
    // federalregister.gov resolves a page citation from volume 59 (1994) on.
    if (volume >= 59) {
      citation["url"] = "https://www.federalregister.gov/citation/" + std::to_string(volume) +
                        "-FR-" + std::to_string(page);
    }
    out.push_back(citation);
    i += used;
  }
  return out;
}

// ---- building the entries

struct Party {
  std::string list;  // "entity" or "meu"
  std::string name;
  std::vector<std::string> aliases;
  std::vector<std::string> countries;
  std::string city;
  std::string since;
  json citations;
  std::string requirement, policy;
};

Party ReadParty(const Record& record, const std::string& list) {
  const json& f = record.fields;
  Party party;
  party.list = list;
  party.name = FieldText(f, "name");
  if (party.name.empty()) FailAt(record.where, "empty name");
  auto alt = f.find("alt_names");
  if (alt != f.end() && alt->is_array()) {
    for (const auto& a : *alt) {
      if (!a.is_string()) FailAt(record.where, "alt_names must be a list of text");
      // Glued aliases ("A; B") are two names, as the CSV's column is.
      for (std::string& t : Split(a.get<std::string>(), ';')) party.aliases.push_back(std::move(t));
    }
  } else if (alt != f.end() && alt->is_string()) {
    party.aliases = Split(alt->get<std::string>(), ';');
  } else if (alt != f.end() && !alt->is_null()) {
    FailAt(record.where, "alt_names must be a list of text");
  }
  auto addresses = f.find("addresses");
  if (addresses != f.end() && addresses->is_array()) {
    for (const auto& a : *addresses) {
      if (!a.is_object()) FailAt(record.where, "addresses: each address must be an object");
      const std::string country = FieldText(a, "country"), city = FieldText(a, "city");
      if (!country.empty() && std::find(party.countries.begin(), party.countries.end(), country) ==
                                  party.countries.end())
        party.countries.push_back(country);
      if (party.city.empty()) party.city = city;
    }
  } else if (addresses != f.end() && addresses->is_string()) {
    // CSV: "street, city, postal code, CC; ..." -- the country code ends each address.
    for (const std::string& address : Split(addresses->get<std::string>(), ';')) {
      std::vector<std::string> parts = Split(address, ',');
      if (parts.empty()) continue;
      const std::string& last = parts.back();
      if (last.size() == 2 && std::isupper(static_cast<unsigned char>(last[0])) &&
          std::isupper(static_cast<unsigned char>(last[1])) &&
          std::find(party.countries.begin(), party.countries.end(), last) == party.countries.end())
        party.countries.push_back(last);
    }
  }
  party.since = IsoDate(FieldText(f, "start_date"));
  party.citations = Citations(FieldText(f, "federal_register_notice"));
  party.requirement = FieldText(f, "license_requirement");
  party.policy = FieldText(f, "license_policy");
  return party;
}

json Terms(const std::string& text, const std::string& cls) {
  json out = json::array();
  if (!text.empty()) out.push_back({{"class", cls}, {"text", text}});
  return out;
}

}  // namespace

std::string ConvertScreeningList(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) FailAt(path, "cannot read the file");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::vector<Record> records = ReadScreeningList(path, bytes);

  std::vector<Party> parties;
  for (const Record& record : records) {
    const std::string source = FieldText(record.fields, "source");
    if (source == kEntityListSource) parties.push_back(ReadParty(record, "entity"));
    if (source == kMeuSource) parties.push_back(ReadParty(record, "meu"));
  }
  if (parties.empty()) {
    FailAt(path, std::string("no Entity List or MEU records (source column values: ") +
                     kEntityListSource + ", " + kMeuSource + ")");
  }
  // The list's state: its newest listing date.
  std::string list_date;
  for (const Party& p : parties) list_date = std::max(list_date, p.since);
  if (list_date.empty()) FailAt(path, "no record has a start_date: the list's date is unknown");

  // Names already taken: the built-in lexicon's, then each party's in file order.
  std::unordered_map<std::string, std::string> taken;
  for (const Entry& e : Lexicon::BuiltIn()->entries()) {
    for (const auto& n : e.names) taken.emplace(NameKey(n), e.id);
  }
  auto claim = [&](std::vector<std::string>* names, const std::string& name,
                   const std::string& id) {
    const std::string key = NameKey(name);
    if (key.empty()) return;
    auto [it, inserted] = taken.emplace(key, id);
    if (inserted) names->push_back(name);
  };
  std::unordered_set<std::string> ids;
  json entries = json::array();
  for (const Party& p : parties) {
    std::string id = "listed-" + p.list + "-" + Slug(p.name);
    for (int n = 2; !ids.insert(id).second; ++n)
      id = "listed-" + p.list + "-" + Slug(p.name) + "-" + std::to_string(n);
    const std::string context_id = id + "-in-context";
    std::vector<std::string> plain, in_context;
    std::vector<std::string> all = {p.name};
    all.insert(all.end(), p.aliases.begin(), p.aliases.end());
    // "Semiconductor Manufacturing International Corporation (SMIC)": the initials in the
    // bracket are a name too (a place in brackets, "(HK)", is not).
    for (size_t n = 0, count = all.size(); n < count; ++n) {
      const std::string& name = all[n];
      const size_t open = name.rfind('(');
      if (name.empty() || name.back() != ')' || open == std::string::npos) continue;
      const std::string inside = name.substr(open + 1, name.size() - open - 2);
      const bool initials = inside.size() >= 2 && inside.size() <= 10 && inside != "HK" &&
                            std::all_of(inside.begin(), inside.end(), [](char c) {
                              return std::isupper(static_cast<unsigned char>(c)) ||
                                     std::isdigit(static_cast<unsigned char>(c)) || c == '-' ||
                                     c == '&';
                            });
      if (initials) all.push_back(inside);
    }
    for (const std::string& name : all) {
      if (IsGenericOnly(name)) continue;
      const bool short_name = CodePoints(name) <= kShortName;
      claim(short_name ? &in_context : &plain, name, short_name ? context_id : id);
      const std::string core = CoreOf(name);
      if (!core.empty() && CodePoints(core) > kShortName && !IsGenericOnly(core))
        claim(&plain, core, id);
    }
    json card = {{"list", p.list},
                 {"aliases", p.aliases},
                 {"countries", p.countries},
                 {"city", p.city.empty() ? json() : json(p.city)},
                 {"since", p.since.empty() ? json() : json(p.since)},
                 {"requirement", Terms(p.requirement, ClassifyRequirement(p.requirement))},
                 {"policy", Terms(p.policy, ClassifyPolicy(p.policy))},
                 {"list_date", list_date}};
    if (!in_context.empty()) card["needs_context"] = in_context;
    json glossary = {{"listed", card}};
    if (!p.since.empty()) {
      glossary["dates"] =
          json::array({{{"date", p.since},
                        {"event", p.list == "meu" ? "Added to the Military End-User List"
                                                  : "Added to the Entity List"}}});
    }
    if (!p.citations.empty()) glossary["citations"] = p.citations;
    const std::string kind = p.list;
    if (!plain.empty()) {
      entries.push_back({{"id", id},
                         {"category", "listed"},
                         {"kind", kind},
                         {"label", p.name},
                         {"names", plain},
                         {"glossary", glossary}});
    }
    if (!in_context.empty()) {
      entries.push_back({{"id", context_id},
                         {"category", "listed"},
                         {"kind", kind},
                         {"label", p.name},
                         {"names", in_context},
                         {"context",
                          {{"anyOf", {"entity-confirm"}},
                           {"categories", {"listed", "regulation"}},
                           {"window", 150}}},
                         {"glossary", plain.empty() ? glossary : json{{"related", {id}}}}});
    }
  }
  const std::string file_name = path.substr(path.find_last_of('/') + 1);
  json document = {
      {"format", 1},
      {"kind", "chiplight-listed-parties"},
      {"list_date", list_date},
      {"about", "Entity List and MEU records of " + file_name +
                    " (Consolidated Screening List), converted by chiplight lexicon import-list; "
                    "list date = the newest start_date"},
      {"entries", entries}};
  std::string text = document.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
  // Validated as the scanner will load it: a file that loads here loads there.
  WithListedParties(*Lexicon::BuiltIn(), text, file_name + " (converted)");
  return text;
}

int RunImportList(const std::string& path, const std::string& out_path) {
  std::string text;
  try {
    text = ConvertScreeningList(path);
  } catch (const std::exception& error) {
    std::cerr << "chiplight: error: " << error.what() << "\n";
    return kBadInput;
  }
  if (out_path.empty()) {
    std::cout << text;
    return kOk;
  }
  // Written beside the target and renamed into place: a failed write leaves the old file.
  const std::string temporary = out_path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::remove(temporary.c_str());
      std::cerr << "chiplight: error: " << out_path << ": cannot write\n";
      return kBadInput;
    }
  }
  if (std::rename(temporary.c_str(), out_path.c_str()) != 0) {
    std::remove(temporary.c_str());
    std::cerr << "chiplight: error: " << out_path << ": cannot write\n";
    return kBadInput;
  }
  std::cerr << "chiplight: " << out_path << ": written (scan with --listed-file " << out_path
            << ")\n";
  return kOk;
}

}  // namespace chiplight::cli
