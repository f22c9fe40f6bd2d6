#include "output.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "chiplight/json_string.h"
#include "chiplight/text.h"

namespace chiplight::cli {

void AppendPrintable(std::string& out, std::string_view text) {
  char escape[16];
  size_t plain_from = 0;  // runs of plain bytes are copied at once
  auto flush = [&](size_t to) { out.append(text.data() + plain_from, to - plain_from); };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) continue;
    if (c < 0x20 || c == 0x7F) {
      flush(i);
      std::snprintf(escape, sizeof escape, "\\x%02X", c);
      out += escape;
      plain_from = i + 1;
      continue;
    }
    // C1 controls, U+0080-U+009F: C2 80 - C2 9F.
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      flush(i);
      std::snprintf(escape, sizeof escape, "\\u{%04X}", static_cast<unsigned char>(text[i + 1]));
      out += escape;
      ++i;
      plain_from = i + 1;
      continue;
    }
    // U+202A-U+202E (E2 80 AA-AE) and U+2066-U+2069 (E2 81 A6-A9): embeddings, overrides,
    // isolates.
    if (c == 0xE2 && i + 2 < text.size()) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      const auto c2 = static_cast<unsigned char>(text[i + 2]);
      if ((c1 == 0x80 && c2 >= 0xAA && c2 <= 0xAE) || (c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9)) {
        flush(i);
        std::snprintf(escape, sizeof escape, "\\u{%04X}",
                      0x2000 + ((c1 & 0x3F) << 6) + (c2 & 0x3F));
        out += escape;
        i += 2;
        plain_from = i + 1;
        continue;
      }
    }
  }
  flush(text.size());
}

std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendPrintable(out, text);
  return out;
}

std::string Style::Paint(std::string_view text, const char* code) const {
  if (!color) return Printable(text);
  return std::string("\033[") + code + "m" + Printable(text) + "\033[0m";
}

std::string Style::Category(chiplight::Category category) const {
  static const char* codes[kCategoryCount] = {"1;31", "1;34", "1;35", "1;32", "1;36"};
  return Paint(CategoryName(category), codes[static_cast<int>(category)]);
}

std::string Style::Verdict(chiplight::Verdict verdict) const {
  static const char* codes[] = {"2", "33", "1;33", "1;31"};
  return Paint(VerdictName(verdict), codes[static_cast<int>(verdict)]);
}

std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void AppendJsonString(std::string& out, std::string_view text) {
  // Invalid UTF-8 is rare and nlohmann's replacement rules are subtle: it writes those strings.
  if (!IsValidUtf8(text)) {
    out += Dump(nlohmann::json(std::string(text)));
    return;
  }
  chiplight::AppendJsonString(out, text);
}

void AppendCsvField(std::string& out, std::string_view text) {
  out += '"';
  if (!text.empty() && text != "-" &&
      std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos) {
    out += '\'';
  }
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string CsvField(std::string_view text) {
  std::string out;
  AppendCsvField(out, text);
  return out;
}

std::pair<size_t, size_t> LineCounter::At(size_t offset) {
  const size_t end = std::min(offset, text_.size());
  if (end <= pos_) return {line_, column_};
  // Lines by counting line feeds; the column only from the last of them (loops the compiler
  // vectorises: a large file's text output walks its whole text).
  const char* from = text_.data() + pos_;
  const char* to = text_.data() + end;
  const auto* last_feed = static_cast<const char*>(memrchr(from, '\n', to - from));
  if (last_feed != nullptr) {
    line_ += static_cast<size_t>(std::count(from, last_feed + 1, '\n'));
    column_ = 1;
    from = last_feed + 1;
  }
  size_t code_points = 0;
  for (const char* p = from; p < to; ++p) {
    code_points += (static_cast<unsigned char>(*p) & 0xC0) != 0x80;
  }
  column_ += code_points;
  pos_ = end;
  return {line_, column_};
}

}  // namespace chiplight::cli
