// The options of createMatcher() for the widget's module (wasm/CMakeLists.txt), in place of
// options.cc: the same interface (options.h), read without a JSON library. The widget's module
// carries no lexicon text, so it takes no extra terms and needs no JSON but the options' few
// characters ({"categories": [...]}); nlohmann::json's parser and printer were a quarter of its
// code (docs/widget.md, "Weight"). Errors read as options.cc's do.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "options.h"

namespace chiplight::wasm {
namespace {

// A strict reader of the JSON text api.js writes (any JSON is read; only what options.cc takes
// is accepted). Nesting is bounded by kMaxOptionsNesting, as in options.cc.
class OptionsReader {
 public:
  explicit OptionsReader(std::string_view text) : text_(text) {}

  [[noreturn]] void NotJson(std::string_view what) const {
    throw OptionsError("options: not JSON: " + std::string(what) + " at byte " +
                       std::to_string(pos_));
  }

  char Peek() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }

  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }

  void Expect(char c) {
    if (!Consume(c)) NotJson(std::string("expected '") + c + "'");
  }

  bool AtEnd() { return Peek() == '\0' && pos_ == text_.size(); }

  // The JSON type of the value that starts here (for messages), as nlohmann::json names it.
  const char* TypeName() {
    switch (Peek()) {
      case '{':
        return "object";
      case '[':
        return "array";
      case '"':
        return "string";
      case 't':
      case 'f':
        return "boolean";
      case 'n':
        return "null";
      default:
        return "number";
    }
  }

  // A string, its escapes decoded (\uXXXX, with surrogate pairs, as UTF-8).
  std::string String() {
    Expect('"');
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) NotJson("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) NotJson("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) NotJson("unterminated string");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u':
          AppendUtf8(CodePoint(), &out);
          break;
        default:
          NotJson("invalid escape");
      }
    }
  }

  // Any value, skipped (options this module does not read).
  void SkipValue(size_t depth) {
    if (depth > kMaxOptionsNesting) throw NestedTooDeep("");
    const char c = Peek();
    if (c == '"') {
      String();
    } else if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      if (Consume(close)) return;
      do {
        if (c == '{') {
          String();
          Expect(':');
        }
        SkipValue(depth + 1);
      } while (Consume(','));
      Expect(close);
    } else if (!Word("true") && !Word("false") && !Word("null")) {
      Number();
    }
  }

  bool Word(std::string_view word) {
    if (Peek() == '\0' || text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

 private:
  void Number() {
    const size_t start = pos_;
    Consume('-');
    // JSON's integer part: 0, or digits that don't start with 0.
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else {
      Digits();
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      Digits();
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      Digits();
    }
    if (pos_ == start) NotJson("unexpected character");
  }

  void Digits() {
    const size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    if (pos_ == start) NotJson("expected a digit");
  }

  unsigned Hex4() {
    if (text_.size() - pos_ < 4) NotJson("incomplete \\u escape");
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      value <<= 4;
      if (h >= '0' && h <= '9')
        value |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f')
        value |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        value |= static_cast<unsigned>(h - 'A' + 10);
      else
        NotJson("invalid \\u escape");
    }
    return value;
  }

  unsigned CodePoint() {
    const unsigned high = Hex4();
    if (high < 0xD800 || high > 0xDFFF) return high;
    if (high > 0xDBFF || text_.substr(pos_, 2) != "\\u") NotJson("lone surrogate");
    pos_ += 2;
    const unsigned low = Hex4();
    if (low < 0xDC00 || low > 0xDFFF) NotJson("lone surrogate");
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
  }

  static void AppendUtf8(unsigned cp, std::string* out) {
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (cp >> 18));
      *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

std::vector<Category> ReadCategories(OptionsReader& reader) {
  std::vector<Category> out;
  if (reader.Word("null")) return out;
  if (reader.Peek() != '[') {
    reader.SkipValue(1);
    throw CategoriesNotAnArray();
  }
  reader.Expect('[');
  if (reader.Consume(']')) return out;
  do {
    if (reader.Peek() != '"') throw CategoryNotAString(out.size(), reader.TypeName());
    const std::string name = reader.String();
    const std::optional<Category> category = ParseCategory(name);
    if (!category) throw UnknownCategory(out.size(), name);
    out.push_back(*category);
  } while (reader.Consume(','));
  reader.Expect(']');
  return out;
}

}  // namespace

MatcherSpec ReadMatcherOptions(std::string_view options_json) {
  // A leading byte-order mark is skipped, as nlohmann::json (options.cc) skips it.
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (options_json.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    options_json.remove_prefix(kByteOrderMark.size());
  }
  OptionsReader reader(options_json);
  if (reader.Peek() != '{') {
    reader.SkipValue(0);
    if (!reader.AtEnd()) reader.NotJson("text after the value");
    throw NotAnObject();
  }
  reader.Expect('{');
  MatcherSpec spec;
  if (!reader.Consume('}')) {
    do {
      const std::string key = reader.String();
      reader.Expect(':');
      if (key == "categories") {
        spec.categories = ReadCategories(reader);
      } else if (key == "extraTerms") {
        const bool none = reader.Word("null") || (reader.Consume('[') && reader.Consume(']'));
        if (!none) {
          // Extra terms are compiled from their JSON into a lexicon with the built-in one's text.
          throw OptionsError(
              "extraTerms: this build carries no lexicon text (the widget's module: it matches "
              "the built-in lexicon only)");
        }
      } else {
        reader.SkipValue(1);
      }
    } while (reader.Consume(','));
    reader.Expect('}');
  }
  if (!reader.AtEnd()) reader.NotJson("text after the options");
  return spec;
}

std::string MatcherSpec::LexiconKey() const { return std::string(); }

std::shared_ptr<const Lexicon> BuildLexicon(const MatcherSpec& spec) {
  if (!spec.listed_tables.empty()) {
    throw OptionsError("listed: the widget's module matches the built-in lexicon only");
  }
  return Lexicon::BuiltIn();
}

}  // namespace chiplight::wasm
