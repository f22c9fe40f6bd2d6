// The lexicon's compiled form: what matching needs of a valid lexicon, in a compact binary form
// (core/src/byte_io.h) that loads without parsing JSON. The build stores the built-in lexicon's
// this way (core/tools/builtin_tables.cc), so starting a matcher parses no JSON.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "byte_io.h"
#include "chiplight/lexicon.h"
#include "lexicon_internal.h"

namespace chiplight {

namespace {

// The compiled form (core/src/byte_io.h): a tag naming this layout, the JSON text's length, then
// the lexicon's fields in order, one byte per flag or category.
constexpr std::string_view kCompiledTag = "chiplight-lexicon-compiled-3";

}  // namespace

std::string LexiconInternals::CompiledForm(const Lexicon& lexicon, std::string_view json_text) {
  ByteWriter out;
  out.Text(kCompiledTag);
  out.Number(json_text.size());
  out.Text(lexicon.version_);
  out.Number(lexicon.contexts_.size());
  for (const ContextSet& set : lexicon.contexts_) {
    out.Text(set.name);
    out.Texts(set.names);
    out.Texts(set.patterns);
    out.Byte(set.case_sensitive);
  }
  out.Number(lexicon.entries_.size());
  for (const Entry& e : lexicon.entries_) {
    out.Text(e.id);
    out.Byte(static_cast<unsigned>(e.category));
    out.Text(e.kind);
    out.Text(e.label);
    out.Texts(e.names);
    out.Texts(e.patterns);
    out.Byte(e.case_sensitive);
    out.Byte(e.context.has_value());
    if (!e.context) continue;
    const ContextRule& rule = *e.context;
    out.Number(rule.any_of.size());
    for (size_t set : rule.any_of) out.Number(set);
    out.Number(rule.categories.size());
    for (Category c : rule.categories) out.Byte(static_cast<unsigned>(c));
    out.Number(rule.none_of.size());
    for (size_t set : rule.none_of) out.Number(set);
    out.Number(rule.window);
    out.Number(rule.window_after);
    out.Number(rule.none_window);
    out.Number(rule.none_window_after);
    out.Byte(rule.page.has_value());
    if (!rule.page) continue;
    out.Number(rule.page->any_of.size());
    for (size_t set : rule.page->any_of) out.Number(set);
    out.Number(rule.page->none_of.size());
    for (size_t set : rule.page->none_of) out.Number(set);
    out.Number(rule.page->at_least);
  }
  return out.Take();
}

std::shared_ptr<const Lexicon> LexiconInternals::FromCompiledForm(std::string_view form,
                                                                  std::string_view json_text) {
  ByteReader in(form);
  if (form.empty() || in.Text() != kCompiledTag) return nullptr;
  // An empty text is a build that leaves it out (the widget's module: its glossary is a separate
  // file, wasm/CMakeLists.txt): the lexicon matches, and Document() says the text is not there.
  const uint64_t text_length = in.Number();
  if (!json_text.empty() && text_length != json_text.size()) return nullptr;
  auto lexicon = std::shared_ptr<Lexicon>(new Lexicon());
  lexicon->unparsed_ = json_text;
  lexicon->version_ = in.Text();
  lexicon->contexts_.resize(in.Count());
  for (ContextSet& set : lexicon->contexts_) {
    set.name = in.Text();
    set.names = in.Texts();
    set.patterns = in.Texts();
    set.case_sensitive = in.Byte() != 0;
  }
  const size_t contexts = lexicon->contexts_.size();
  auto category = [&](unsigned value) {
    if (value >= kCategoryCount) {
      in.Fail();
      value = 0;
    }
    return static_cast<Category>(value);
  };
  auto set_index = [&](uint64_t value) -> size_t {
    if (value >= contexts) {
      in.Fail();
      value = 0;
    }
    return static_cast<size_t>(value);
  };
  lexicon->entries_.resize(in.Count());
  for (Entry& e : lexicon->entries_) {
    e.id = in.Text();
    e.category = category(in.Byte());
    e.kind = in.Text();
    e.label = in.Text();
    e.names = in.Texts();
    e.patterns = in.Texts();
    e.case_sensitive = in.Byte() != 0;
    if (in.Byte() == 0) continue;
    ContextRule& rule = e.context.emplace();
    rule.any_of.resize(in.Count());
    for (size_t& set : rule.any_of) set = set_index(in.Number());
    rule.categories.resize(in.Count());
    for (Category& c : rule.categories) c = category(in.Byte());
    rule.none_of.resize(in.Count());
    for (size_t& set : rule.none_of) set = set_index(in.Number());
    rule.window = static_cast<size_t>(in.Number());
    rule.window_after = static_cast<size_t>(in.Number());
    rule.none_window = static_cast<size_t>(in.Number());
    rule.none_window_after = static_cast<size_t>(in.Number());
    if (in.Byte() == 0) continue;
    PageRule& page = rule.page.emplace();
    page.any_of.resize(in.Count());
    for (size_t& set : page.any_of) set = set_index(in.Number());
    page.none_of.resize(in.Count());
    for (size_t& set : page.none_of) set = set_index(in.Number());
    page.at_least = static_cast<size_t>(in.Number());
  }
  if (!in.ok() || !in.AtEnd()) return nullptr;
  return lexicon;
}

}  // namespace chiplight
