// Any bytes as the widget module's createMatcher() options: the text cl_create hands to
// wasm/widget_options.cc (the reader without a JSON library), up to the first NUL. It must give a
// spec or an OptionsError naming the option, never another exception, a crash or a stack
// overflow. And it must read JSON as a JSON library does, checked against nlohmann::json (the
// library options.cc uses in the main module):
// - what it accepts is a JSON object (for text that is valid UTF-8: the hand-written reader does
//   not check the bytes inside strings, and api.js only ever hands it JSON.stringify's output),
//   whose `categories` are the spec's and whose `extraTerms` are absent, null or [];
// - what nlohmann accepts as such an object, not nested past the bound and without repeated keys
//   (the last one wins in both, but the reader refuses an `extraTerms` that a later one replaces),
//   it accepts too.
// Text beyond the library's limits (numbers past a double's range) is not compared.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "chiplight/category.h"
#include "options.h"

using namespace chiplight;
using nlohmann::json;

namespace {

[[noreturn]] void Finding(const char* what, std::string_view options) {
  std::fprintf(stderr, "fuzz: %s\noptions: %.*s\n", what, static_cast<int>(options.size()),
               options.data());
  std::abort();
}

// nlohmann's reading of the options, with what the comparison needs to know about it.
struct LibraryReading {
  bool valid = false;          // a JSON text
  bool beyond_limits = false;  // JSON the library refuses to hold (then nothing is compared)
  bool repeated_keys = false;  // an object with a key twice, anywhere
  size_t depth = 0;            // of the deepest value, the options object being 0
  json value;
};

// Well-formed UTF-8 as RFC 3629 and nlohmann::json define it (no overlong forms, no surrogates).
bool IsWellFormedUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    unsigned min = 0, cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      length = 2, min = 0x80, cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      length = 3, min = 0x800, cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      length = 4, min = 0x10000, cp = b & 0x07;
    } else {
      return false;
    }
    if (text.size() - i < length) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

LibraryReading ReadWithLibrary(std::string_view text) {
  LibraryReading reading;
  // One set of keys per open object: repeated keys are found as the parser meets them.
  std::vector<std::vector<std::string>> open_objects;
  size_t nesting = 0;
  const json::parser_callback_t callback = [&](int depth, json::parse_event_t event, json& parsed) {
    reading.depth = std::max(reading.depth, static_cast<size_t>(depth));
    switch (event) {
      case json::parse_event_t::object_start:
        open_objects.emplace_back();
        ++nesting;
        break;
      case json::parse_event_t::object_end:
        open_objects.pop_back();
        --nesting;
        break;
      case json::parse_event_t::key: {
        const std::string key = parsed.get<std::string>();
        for (const std::string& seen : open_objects.back()) {
          if (seen == key) reading.repeated_keys = true;
        }
        open_objects.back().push_back(key);
        break;
      }
      default:
        break;
    }
    return true;
  };
  try {
    reading.value = json::parse(text.begin(), text.end(), callback);
    reading.valid = true;
  } catch (const json::out_of_range&) {
    // Valid JSON beyond the library's limits (a number past a double's range, 1e999): RFC 8259
    // lets a reader refuse it; the widget's reader skips it unread.
    reading.beyond_limits = true;
  } catch (const json::exception&) {
    reading.valid = false;
  }
  return reading;
}

// The categories an options object asks for, as options.cc reads them, or nullopt if they are
// not an array of known category names (or null).
std::optional<std::vector<Category>> CategoriesOf(const json& options) {
  std::vector<Category> out;
  const auto it = options.find("categories");
  if (it == options.end() || it->is_null()) return out;
  if (!it->is_array()) return std::nullopt;
  for (const json& name : *it) {
    if (!name.is_string()) return std::nullopt;
    const std::optional<Category> category = ParseCategory(name.get<std::string>());
    if (!category) return std::nullopt;
    out.push_back(*category);
  }
  return out;
}

bool NoExtraTerms(const json& options) {
  const auto it = options.find("extraTerms");
  return it == options.end() || it->is_null() || (it->is_array() && it->empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view options = input.substr(0, input.find('\0'));

  std::optional<wasm::MatcherSpec> spec;
  try {
    spec = wasm::ReadMatcherOptions(options);
  } catch (const wasm::OptionsError& error) {
    if (std::string_view(error.what()).find(": ") == std::string_view::npos) {
      Finding("an error names no option", options);
    }
  }

  const LibraryReading library = ReadWithLibrary(options);
  if (library.beyond_limits) return 0;
  if (spec) {
    if (!IsWellFormedUtf8(options)) return 0;  // see the top: strings' bytes are not checked
    if (!library.valid) Finding("accepted text that is not JSON", options);
    if (!library.value.is_object()) Finding("accepted a value that is not an object", options);
    if (!NoExtraTerms(library.value)) Finding("accepted extra terms", options);
    const std::optional<std::vector<Category>> categories = CategoriesOf(library.value);
    if (!categories) Finding("accepted categories that are not category names", options);
    if (!library.repeated_keys && *categories != spec->categories) {
      Finding("read other categories than the JSON's", options);
    }
  } else if (library.valid && library.value.is_object() && !library.repeated_keys &&
             library.depth <= wasm::kMaxOptionsNesting && NoExtraTerms(library.value) &&
             CategoriesOf(library.value)) {
    Finding("refused options that options.cc takes", options);
  }
  return 0;
}
