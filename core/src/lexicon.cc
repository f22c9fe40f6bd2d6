#include "chiplight/lexicon.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <re2/re2.h>

#include "builtin_lexicon.h"
#include "folding.h"
#include "lexicon_checks.h"
#include "lexicon_internal.h"
#include "name_tokens.h"

namespace chiplight {

struct Lexicon::Document {
  nlohmann::json value;
};

Lexicon::Lexicon() : document_(std::make_unique<Document>()) {}
Lexicon::~Lexicon() = default;

namespace {

using nlohmann::json;

bool ParseFlags(const json& object, const Place& place) {
  bool case_sensitive = false;
  std::vector<std::string> flags = OptionalStrings(object, "flags", place);
  for (size_t i = 0; i < flags.size(); ++i) {
    if (flags[i] == "case-sensitive") {
      case_sensitive = true;
    } else {
      place.Index("flags", i).Fail("unknown flag \"" + flags[i] + "\" (known: case-sensitive)");
    }
  }
  return case_sensitive;
}

// Each pattern alone, then as the matcher uses it (PatternAlternative: inside a group that
// carries its case flag): `x\Q` is valid alone, but its \Q quotes the group's closing
// parenthesis, so only the wrapped form shows it broken.
void CheckPatterns(const std::vector<std::string>& patterns, bool case_sensitive,
                   const Place& place) {
  for (size_t i = 0; i < patterns.size(); ++i) {
    std::string problem = CheckTermPattern(patterns[i]);
    if (problem.empty()) {
      problem = CheckTermPattern(PatternAlternative(patterns[i], case_sensitive));
      if (!problem.empty()) problem = "breaks the group the matcher puts it in: " + problem;
    }
    if (!problem.empty()) place.Index("patterns", i).Fail(problem);
  }
}

void CheckNames(const std::vector<std::string>& names, const Place& place) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (NameKey(names[i]).empty()) {
      place.Index("names", i).Fail("\"" + names[i] + "\" has nothing but separators");
    }
    if (names[i].size() > kLongestTerm) {
      place.Index("names", i)
          .Fail("is " + std::to_string(names[i].size()) +
                " bytes long and never matches: a match " + "is at most " +
                std::to_string(kLongestTerm) + " bytes (docs/lexicon.md)");
    }
    // Text is read with counts unglued from names (`8xH100`, `H100x8`: the x becomes a space,
    // FoldedText), so a name that itself looks like a glued count never matches as spelled.
    if (NameKey(FoldedText(names[i]).view()) != NameKey(names[i])) {
      place.Index("names", i)
          .Fail("\"" + names[i] +
                "\" never matches as spelled: in text, an x between a count of 1 to 3 digits and "
                "a name reads as \"times\" (\"8xH100\", \"H100x8\") and is not part of the "
                "name; spell it with a capital X or write a pattern");
    }
  }
}

bool IsValidId(const std::string& id) {
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return !id.empty();
}

size_t RequireCount(const json& object, const char* key, size_t fallback, const Place& place) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_number_unsigned() || it->get<size_t>() == 0 || it->get<size_t>() > 10000) {
    place.Sub(key).Fail("expected a whole number from 1 to 10000");
  }
  return it->get<size_t>();
}

std::string DescribeEntry(const json& entry, size_t index, const std::string& array_name) {
  std::string what;
  if (entry.is_object()) {
    for (const char* key : {"id", "label"}) {
      auto it = entry.find(key);
      if (it != entry.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
        what = " (" + it->get<std::string>() + ")";
        break;
      }
    }
  }
  return array_name + "[" + std::to_string(index) + "]" + what;
}

std::vector<size_t> ContextRefs(const json& rule, const char* key,
                                const std::unordered_map<std::string, size_t>& contexts,
                                const Place& place) {
  std::vector<size_t> result;
  std::vector<std::string> names = OptionalStrings(rule, key, place);
  for (size_t i = 0; i < names.size(); ++i) {
    auto it = contexts.find(names[i]);
    if (it == contexts.end()) place.Index(key, i).Fail("unknown context \"" + names[i] + "\"");
    result.push_back(it->second);
  }
  return result;
}

// A window's reach: a number of code points on each side, or {"before": n, "after": m} (either
// may be 0, not both), written to *before and *after; unchanged when `key` is absent.
void ParseReach(const json& rule, const char* key, size_t* before, size_t* after,
                const Place& place) {
  auto it = rule.find(key);
  if (it == rule.end()) return;
  if (!it->is_object()) {
    *before = *after = RequireCount(rule, key, *before, place);
    return;
  }
  Place p = place.Sub(key);
  CheckKeys(*it, {"before", "after"}, p);
  for (const char* side : {"before", "after"}) {
    auto value = it->find(side);
    if (value == it->end()) p.Fail(std::string("needs \"") + side + "\"");
    if (!value->is_number_unsigned() || value->get<size_t>() > 10000) {
      p.Sub(side).Fail("expected a whole number from 0 to 10000");
    }
  }
  *before = it->at("before").get<size_t>();
  *after = it->at("after").get<size_t>();
  if (*before == 0 && *after == 0) p.Fail("reaches nowhere: \"before\" and \"after\" are both 0");
}

Entry ParseEntry(const json& object, const Place& place,
                 const std::unordered_map<std::string, size_t>& contexts, bool check_patterns) {
  if (!object.is_object()) place.Fail("expected an object, found " + TypeName(object));
  CheckKeys(
      object,
      {"id", "category", "kind", "label", "names", "patterns", "flags", "context", "glossary"},
      place);
  Entry entry;
  entry.id = RequireString(object, "id", place);
  if (!IsValidId(entry.id)) place.Sub("id").Fail("\"" + entry.id + "\" is not lowercase a-z0-9-");
  std::string category = RequireString(object, "category", place);
  auto parsed = ParseCategory(category);
  if (!parsed) {
    place.Sub("category")
        .Fail("unknown category \"" + category +
              "\" (known: chip, cloud, intermediary, regulation)");
  }
  entry.category = *parsed;
  if (object.contains("kind")) entry.kind = RequireString(object, "kind", place);
  entry.label = RequireString(object, "label", place);
  entry.names = OptionalStrings(object, "names", place);
  entry.patterns = OptionalStrings(object, "patterns", place);
  if (entry.names.empty() && entry.patterns.empty())
    place.Fail("needs at least one name or pattern");
  CheckNames(entry.names, place);
  entry.case_sensitive = ParseFlags(object, place);
  if (check_patterns) CheckPatterns(entry.patterns, entry.case_sensitive, place);
  if (auto it = object.find("context"); it != object.end()) {
    Place p = place.Sub("context");
    if (!it->is_object()) p.Fail("expected an object, found " + TypeName(*it));
    CheckKeys(*it, {"anyOf", "categories", "noneOf", "window", "noneWindow", "page"}, p);
    ContextRule rule;
    rule.any_of = ContextRefs(*it, "anyOf", contexts, p);
    rule.none_of = ContextRefs(*it, "noneOf", contexts, p);
    std::vector<std::string> categories = OptionalStrings(*it, "categories", p);
    for (size_t i = 0; i < categories.size(); ++i) {
      auto c = ParseCategory(categories[i]);
      if (!c) p.Index("categories", i).Fail("unknown category \"" + categories[i] + "\"");
      rule.categories.push_back(*c);
    }
    ParseReach(*it, "window", &rule.window, &rule.window_after, p);
    ParseReach(*it, "noneWindow", &rule.none_window, &rule.none_window_after, p);
    if (auto page = it->find("page"); page != it->end()) {
      Place pp = p.Sub("page");
      if (!page->is_object()) pp.Fail("expected an object, found " + TypeName(*page));
      CheckKeys(*page, {"anyOf", "noneOf", "atLeast"}, pp);
      PageRule page_rule;
      page_rule.any_of = ContextRefs(*page, "anyOf", contexts, pp);
      page_rule.none_of = ContextRefs(*page, "noneOf", contexts, pp);
      page_rule.at_least = RequireCount(*page, "atLeast", page_rule.at_least, pp);
      if (page_rule.any_of.empty() && page_rule.none_of.empty()) {
        pp.Fail("needs \"anyOf\" or \"noneOf\"");
      }
      rule.page = std::move(page_rule);
    }
    if (!rule.requires_confirmation() && rule.none_of.empty() && !rule.page) {
      p.Fail("needs \"anyOf\", \"categories\", \"noneOf\" or \"page\"");
    }
    entry.context = std::move(rule);
  }
  if (auto it = object.find("glossary"); it != object.end()) {
    ValidateGlossary(*it, place.Sub("glossary"));
  }
  return entry;
}

// The categories' descriptions for people (docs/lexicon.md, "Categories"): optional, but when
// given, exactly the Category enum's names in its order, each with its labels and style.
void ValidateCategories(const json& document, const Place& root) {
  auto it = document.find("categories");
  if (it == document.end()) return;
  if (!it->is_array() || it->size() != kCategoryCount) {
    root.Sub("categories")
        .Fail("expected an array of the " + std::to_string(kCategoryCount) + " categories");
  }
  for (size_t i = 0; i < kCategoryCount; ++i) {
    Place p = root.Index("categories", i);
    const json& row = (*it)[i];
    if (!row.is_object()) p.Fail("expected an object, found " + TypeName(row));
    CheckKeys(row, {"id", "label", "plural", "style"}, p);
    const std::string_view expected = CategoryName(kAllCategories[i]);
    if (RequireString(row, "id", p) != expected) {
      p.Sub("id").Fail("expected \"" + std::string(expected) + "\" (the categories' order)");
    }
    for (const char* key : {"label", "plural"}) {
      const json& texts = Require(row, key, p);
      if (!texts.is_object()) p.Sub(key).Fail("expected an object with en, zh-Hans, zh-Hant");
      CheckKeys(texts, {"en", "zh-Hans", "zh-Hant"}, p.Sub(key));
      for (const char* lang : {"en", "zh-Hans", "zh-Hant"}) RequireString(texts, lang, p.Sub(key));
    }
    const json& style = Require(row, "style", p);
    if (!style.is_object()) p.Sub("style").Fail("expected an object");
    CheckKeys(style, {"background", "line", "color"}, p.Sub("style"));
    RequireString(style, "background", p.Sub("style"));
    RequireString(style, "color", p.Sub("style"));
    const std::string line = RequireString(style, "line", p.Sub("style"));
    if (line != "solid" && line != "dotted" && line != "wavy" && line != "dashed") {
      p.Sub("style").Sub("line").Fail("\"" + line + "\" is not solid, dotted, wavy or dashed");
    }
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LexiconError(path, "cannot open the file");
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw LexiconError(path, "read error");
  return out.str();
}

}  // namespace

LexiconError::LexiconError(std::string place, std::string message)
    : std::runtime_error(place.empty() ? message : place + ": " + message),
      place_(std::move(place)),
      message_(std::move(message)) {}

namespace {

// A lexicon nests 5 levels deep (entries, an entry, its glossary, dates, a date); JSON nested
// much deeper is no lexicon, and copying, comparing or printing it (nlohmann::json recurses)
// could exhaust the stack. Checked on the text, before parsing, without recursion.
constexpr size_t kMaxJsonNesting = 64;

void CheckNesting(std::string_view text, const std::string& origin) {
  size_t depth = 0, line = 1, column = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
    }
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonNesting) {
        std::string at = "line " + std::to_string(line) + ", column " + std::to_string(column);
        throw LexiconError(origin.empty() ? at : origin + ": " + at,
                           "values nested more than " + std::to_string(kMaxJsonNesting) +
                               " levels deep (a lexicon needs 5)");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

// The same for a document parsed by a caller.
void CheckNesting(const json& value, const std::string& origin) {
  std::vector<std::pair<const json*, size_t>> stack{{&value, 1}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (!node->is_structured()) continue;
    if (depth > kMaxJsonNesting) {
      throw LexiconError(origin, "values nested more than " + std::to_string(kMaxJsonNesting) +
                                     " levels deep (a lexicon needs 5)");
    }
    for (const json& child : *node) stack.emplace_back(&child, depth + 1);
  }
}

// Parses JSON text; every failure (syntax, a number too large) is a LexiconError whose place
// is `origin` and the line and column.
json ParseJson(std::string_view text, const std::string& origin) {
  CheckNesting(text, origin);
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::exception& error) {
    // "[json.exception.parse_error.101] parse error at line 4, column 12: syntax error ..."
    // "[json.exception.out_of_range.406] number overflow parsing '1e400'"
    std::string message = error.what();
    if (auto at = message.find("] "); at != std::string::npos && at < 40) {
      message = message.substr(at + 2);
    }
    std::string place = origin;
    const std::string noise = "parse error at ";
    if (message.rfind(noise, 0) == 0) {
      message = message.substr(noise.size());
      if (auto colon = message.find(": "); colon != std::string::npos) {
        place = (place.empty() ? "" : place + ": ") + message.substr(0, colon);
        message = message.substr(colon + 2);
      }
    }
    throw LexiconError(place, message);
  }
}

}  // namespace

std::shared_ptr<const Lexicon> Lexicon::FromJson(std::string_view json_text,
                                                 std::string_view origin) {
  json document = ParseJson(json_text, std::string(origin));
  try {
    return LexiconInternals::Load(std::move(document), /*check_patterns_from=*/0);
  } catch (const LexiconError& error) {
    if (origin.empty()) throw;
    std::string place(origin);
    if (!error.place().empty()) place += ": " + error.place();
    throw LexiconError(place, error.message());
  }
}

std::shared_ptr<const Lexicon> LexiconInternals::FromDocument(const json& document) {
  CheckNesting(document, "");
  return Load(document, /*check_patterns_from=*/0);
}

std::shared_ptr<const Lexicon> LexiconInternals::Load(json document_in,
                                                      size_t check_patterns_from) {
  auto lexicon = std::shared_ptr<Lexicon>(new Lexicon());
  lexicon->document_->value = std::move(document_in);
  const json& document = lexicon->document_->value;
  Place root("");
  if (!document.is_object()) root.Fail("a lexicon is a JSON object, found " + TypeName(document));
  CheckKeys(document,
            {"format", "version", "categories", "contexts", "entries", "$schema", "description"},
            root);
  ValidateCategories(document, root);
  const json& format = Require(document, "format", root);
  if (!format.is_number_integer() || format.get<int>() != 1) {
    root.Sub("format").Fail("unsupported format " +
                            (format.is_primitive()
                                 ? format.dump(-1, ' ', false, json::error_handler_t::replace)
                                 : TypeName(format)) +
                            " (this build reads 1)");
  }
  lexicon->version_ = RequireString(document, "version", root);

  std::unordered_map<std::string, size_t> context_index;
  if (auto it = document.find("contexts"); it != document.end()) {
    if (!it->is_object()) root.Sub("contexts").Fail("expected an object");
    for (auto c = it->begin(); c != it->end(); ++c) {
      Place p("contexts." + c.key());
      if (!c->is_object()) p.Fail("expected an object with \"names\" or \"patterns\"");
      CheckKeys(*c, {"names", "patterns", "flags"}, p);
      ContextSet set;
      set.name = c.key();
      set.names = OptionalStrings(*c, "names", p);
      set.patterns = OptionalStrings(*c, "patterns", p);
      if (set.names.empty() && set.patterns.empty()) p.Fail("needs at least one name or pattern");
      CheckNames(set.names, p);
      set.case_sensitive = ParseFlags(*c, p);
      if (check_patterns_from == 0) CheckPatterns(set.patterns, set.case_sensitive, p);
      context_index.emplace(set.name, lexicon->contexts_.size());
      lexicon->contexts_.push_back(std::move(set));
    }
  }

  const json& entries = Require(document, "entries", root);
  if (!entries.is_array()) root.Sub("entries").Fail("expected an array");
  for (size_t i = 0; i < entries.size(); ++i) {
    Place place(DescribeEntry(entries[i], i, "entries"));
    lexicon->entries_.push_back(
        ParseEntry(entries[i], place, context_index, i >= check_patterns_from));
  }
  lexicon->Validate();
  return lexicon;
}

std::shared_ptr<const Lexicon> Lexicon::FromFile(const std::string& path) {
  return FromJson(ReadFile(path), path);
}

std::string_view Lexicon::BuiltInJson() { return BuiltinLexiconJson(); }

std::shared_ptr<const Lexicon> Lexicon::BuiltIn() {
  static const std::shared_ptr<const Lexicon> builtin = [] {
    // Its compiled form, made at build time from the same text; if the build has none, the
    // text itself. Its patterns are checked one by one by its own tests and `lexicon check`;
    // compiling each again at every start (every page, in the browser) would only cost time.
    std::shared_ptr<const Lexicon> lexicon =
        LexiconInternals::FromCompiledForm(BuiltinLexiconCompiled(), BuiltInJson());
#ifdef CHIPLIGHT_WITHOUT_LEXICON_TEXT
    // A build without the text (the widget's WebAssembly module) has its compiled form, and
    // leaves out the JSON loader this fallback would link in.
    if (!lexicon) throw std::logic_error("this build has no compiled form of its lexicon");
#else
    if (!lexicon) {
      lexicon = LexiconInternals::Load(json::parse(BuiltInJson().begin(), BuiltInJson().end()),
                                       LexiconInternals::kCheckNoPatterns);
    }
#endif
    // Created here, not const: marking it before anyone else sees it is safe.
    const_cast<Lexicon&>(*lexicon).built_in_ = true;
    const_cast<Lexicon&>(*lexicon).stored_automata_ = BuiltinAutomata();
    return lexicon;
  }();
  return builtin;
}

json LexiconInternals::ParseJson(std::string_view text, std::string_view origin) {
  return chiplight::ParseJson(text, std::string(origin));
}

const json& LexiconInternals::Document(const Lexicon& lexicon) {
  if (lexicon.unparsed_.empty() && lexicon.document_->value.is_null()) {
    // The compiled form without its text (FromCompiledForm): glossaries and extra entries need it.
    throw std::runtime_error(
        "this build carries no lexicon text (the widget's module: the glossary is a separate "
        "file)");
  }
  if (!lexicon.unparsed_.empty()) {
    std::call_once(lexicon.parse_once_, [&lexicon] {
      json document = json::parse(lexicon.unparsed_.begin(), lexicon.unparsed_.end());
      if (lexicon.unparsed_listed_) {
        // As WithListedParties appended them (the stored tables were made from this text).
        const json listed = json::parse(*lexicon.unparsed_listed_);
        AppendExtraEntries(&document["entries"], listed.at("entries"), "entries");
      }
      lexicon.document_->value = std::move(document);
    });
  }
  return lexicon.document_->value;
}

const json& LexiconInternals::Source(const Lexicon& lexicon, const Entry& entry) {
  const auto& entries = lexicon.entries_;
  const auto index = static_cast<size_t>(&entry - entries.data());
  if (index >= entries.size()) throw std::out_of_range("Lexicon::Source: not one of entries()");
  return Document(lexicon)["entries"][index];
}

std::string Lexicon::SourceJson(const Entry& entry) const {
  return LexiconInternals::Source(*this, entry).dump();
}

std::shared_ptr<const Lexicon> Lexicon::WithExtraEntries(const Lexicon& base,
                                                         std::string_view extra_json,
                                                         std::string_view array_name) {
  const json extra = ParseJson(extra_json, std::string(array_name));
  return LexiconInternals::WithExtraEntries(base, extra, array_name);
}

std::shared_ptr<const Lexicon> LexiconInternals::WithExtraEntries(const Lexicon& base,
                                                                  const json& extra,
                                                                  std::string_view array_name) {
  const std::string name(array_name);
  if (!extra.is_array()) throw LexiconError(name, "expected an array of terms");
  CheckNesting(extra, name);
  json document = Document(base);
  json& entries = document["entries"];
  const size_t first = entries.size();
  AppendExtraEntries(&entries, extra, name);
  try {
    // The base's entries and context sets were checked when it was loaded.
    return Load(std::move(document), /*check_patterns_from=*/first);
  } catch (const LexiconError& error) {
    // Re-express "entries[N] (...)" for an appended entry as "extraTerms[i] (...)".
    const std::string& where = error.place();
    const std::string prefix = "entries[";
    if (where.rfind(prefix, 0) == 0) {
      size_t close = where.find(']');
      size_t index = std::stoul(where.substr(prefix.size(), close - prefix.size()));
      if (index >= first) {
        size_t i = index - first;
        std::string rest = where.substr(close + 1);
        const json& term = extra[i];
        std::string label;
        if (term.is_object() && term.contains("label") && term["label"].is_string()) {
          label = term["label"].get<std::string>();
        }
        if (!label.empty() && rest.rfind(" (", 0) == 0) {
          rest = " (" + label + rest.substr(rest.find(')'));
        }
        throw LexiconError(name + "[" + std::to_string(i) + "]" + rest, error.message());
      }
    }
    throw;
  }
}

void LexiconInternals::AppendExtraEntries(json* entries, const json& extra,
                                          const std::string& name) {
  for (size_t i = 0; i < extra.size(); ++i) {
    json entry = extra[i];
    if (entry.is_object() && !entry.contains("id")) entry["id"] = name.empty() ? "extra" : name;
    if (entry.is_object() && entry["id"].is_string() && entry["id"] == name) {
      std::string id;
      for (char c : name) id += AsciiLower(c);
      entry["id"] = id + "-" + std::to_string(i);
    }
    entries->push_back(std::move(entry));
  }
}

std::shared_ptr<const Lexicon> LexiconInternals::FromStoredListed(
    std::string_view form, std::shared_ptr<const std::string> listed_json,
    std::shared_ptr<const std::string> automata) {
  std::shared_ptr<const Lexicon> read = FromCompiledForm(form, "");
  if (!read) return nullptr;
  Lexicon& lexicon = const_cast<Lexicon&>(*read);  // created here: no one else sees it yet
  lexicon.unparsed_ = Lexicon::BuiltInJson();
  lexicon.unparsed_listed_ = std::move(listed_json);
  lexicon.stored_automata_ = *automata;
  lexicon.stored_automata_owner_ = std::move(automata);
  lexicon.stored_automata_required_ = true;
  return read;
}

size_t Lexicon::max_context_window() const {
  size_t widest = 0;
  for (const Entry& entry : entries_) {
    if (entry.context) {
      const ContextRule& rule = *entry.context;
      widest = std::max(
          {widest, rule.window, rule.window_after, rule.none_window, rule.none_window_after});
    }
  }
  return widest;
}

bool Lexicon::has_page_rules() const {
  for (const Entry& entry : entries_) {
    if (entry.context && entry.context->page) return true;
  }
  return false;
}

const Entry* Lexicon::Find(std::string_view id) const {
  auto index = IndexOf(id);
  return index ? &entries_[*index] : nullptr;
}

std::optional<size_t> Lexicon::IndexOf(std::string_view id) const {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].id == id) return i;
  }
  return std::nullopt;
}

void Lexicon::Validate() {
  std::unordered_map<std::string, size_t> ids;
  for (size_t i = 0; i < entries_.size(); ++i) {
    auto [it, inserted] = ids.emplace(entries_[i].id, i);
    if (!inserted) {
      throw LexiconError(DescribeEntry(document_->value.at("entries").at(i), i, "entries") + ": id",
                         "\"" + entries_[i].id + "\" is already the id of entries[" +
                             std::to_string(it->second) + "]");
    }
  }
  // Two entries may not share a name: which one a reader sees would be arbitrary.
  std::unordered_map<std::string, std::pair<size_t, size_t>> names;
  for (size_t i = 0; i < entries_.size(); ++i) {
    for (size_t n = 0; n < entries_[i].names.size(); ++n) {
      auto [it, inserted] = names.emplace(NameKey(entries_[i].names[n]), std::make_pair(i, n));
      if (!inserted && it->second.first != i) {
        const Entry& other = entries_[it->second.first];
        throw LexiconError(DescribeEntry(document_->value.at("entries").at(i), i, "entries") +
                               ": names[" + std::to_string(n) + "]",
                           "\"" + entries_[i].names[n] + "\" is already a name of entries[" +
                               std::to_string(it->second.first) + "] (" + other.id + ")");
      }
    }
  }
  // A page topic counts every word of its sets in the document, the entry's own mentions
  // included (a window skips them, a count over the page doesn't): a set that listed one of the
  // entry's names would let a page about David Blackwell confirm "Blackwell" the chips.
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& entry = entries_[i];
    if (!entry.context || !entry.context->page) continue;
    const PageRule& page = *entry.context->page;
    for (const auto* sets : {&page.any_of, &page.none_of}) {
      for (size_t set : *sets) {
        for (const std::string& word : contexts_[set].names) {
          for (const std::string& name : entry.names) {
            if (NameKey(word) != NameKey(name)) continue;
            throw LexiconError(
                DescribeEntry(document_->value.at("entries").at(i), i, "entries") +
                    ": context.page",
                "context \"" + contexts_[set].name + "\" lists \"" + word +
                    "\", a name of this entry: its own mentions would decide its page topic");
          }
        }
      }
    }
  }
  auto check_links = [&](size_t i, const json& list, const std::string& where) {
    for (size_t r = 0; r < list.size(); ++r) {
      const std::string& target = list[r].get_ref<const std::string&>();
      if (!ids.count(target)) {
        throw LexiconError(DescribeEntry(document_->value.at("entries").at(i), i, "entries") +
                               ": " + where + "[" + std::to_string(r) + "]",
                           "unknown entry id \"" + target + "\"");
      }
    }
  };
  for (size_t i = 0; i < entries_.size(); ++i) {
    const json& source = document_->value.at("entries").at(i);
    auto glossary = source.find("glossary");
    if (glossary == source.end()) continue;
    if (auto related = glossary->find("related"); related != glossary->end()) {
      check_links(i, *related, "glossary.related");
    }
    if (auto control = glossary->find("control"); control != glossary->end()) {
      if (auto rules = control->find("rules"); rules != control->end()) {
        check_links(i, *rules, "glossary.control.rules");
      }
    }
  }
}

}  // namespace chiplight
