// Reading a Consolidated Screening List download (trade.gov, JSON or CSV) into records, each with
// its place in the file for error messages (screening_list_file.h).
#include "screening_list_file.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "chiplight/text.h"

namespace chiplight::cli {

using nlohmann::json;

[[noreturn]] void FailAt(const std::string& where, const std::string& message) {
  throw std::runtime_error(where + ": " + message);
}

std::string CollapseSpace(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  std::string out;
  bool space = false;
  for (char c : text.substr(b, e - b)) {  // runs of white space as one space
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

namespace {

// Strict UTF-8 (chiplight/text.h: no overlong form, surrogate or code point past U+10FFFF); the
// first bad byte is reported with its line.
void CheckUtf8(const std::string& path, const std::string& bytes) {
  const size_t at = FindInvalidUtf8(bytes);
  if (at == std::string_view::npos) return;
  const size_t line = 1 + static_cast<size_t>(std::count(bytes.begin(), bytes.begin() + at, '\n'));
  FailAt(path + ":" + std::to_string(line), "not UTF-8 (byte " + std::to_string(at) + ")");
}

std::vector<ScreeningRecord> ReadJson(const std::string& path, const std::string& text) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < error.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    // "[json.exception.parse_error.101] parse error at line 18, column 40: syntax error ...":
    // the place is given in this file's own form, the reason kept.
    std::string message = error.what();
    if (size_t at = message.find(", column "); at != std::string::npos) {
      if (size_t colon = message.find(": ", at); colon != std::string::npos) {
        message = message.substr(colon + 2);
      }
    }
    FailAt(path + ":" + std::to_string(line) + ":" + std::to_string(column),
           "not valid JSON: " + message);
  }
  const json* results = &document;
  if (document.is_object()) {
    auto it = document.find("results");
    if (it == document.end())
      FailAt(path, "expected a list of records or an object with \"results\"");
    results = &*it;
  }
  if (!results->is_array())
    FailAt(path, "expected a list of records or an object with \"results\"");
  std::vector<ScreeningRecord> records;
  for (size_t i = 0; i < results->size(); ++i) {
    const std::string where = path + ": record " + std::to_string(i + 1);
    if (!(*results)[i].is_object()) FailAt(where, "not an object");
    records.push_back({where, (*results)[i]});
  }
  return records;
}

// RFC 4180: quoted cells may hold commas, quotes ("") and line breaks.
std::vector<ScreeningRecord> ReadCsv(const std::string& path, const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> row_lines;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, cell_started = false;
  size_t line = 1, row_line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      quoted = cell_started = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      cell_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(cell));
      cell.clear();
      cell_started = false;
      if (!(row.size() == 1 && row[0].empty())) {
        rows.push_back(std::move(row));
        row_lines.push_back(row_line);
      }
      row.clear();
      row_line = ++line;
    } else {
      cell += c;
      cell_started = true;
    }
  }
  if (quoted)
    FailAt(path + ":" + std::to_string(row_line),
           "a quoted cell is never closed in the row starting here");
  if (cell_started || !row.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
    row_lines.push_back(row_line);
  }
  if (rows.empty()) FailAt(path, "empty file");
  std::vector<std::string> header = rows[0];
  if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0] = header[0].substr(3);
  std::vector<std::string> missing;
  for (const char* column : {"source", "name"}) {
    if (std::find(header.begin(), header.end(), column) == header.end()) missing.push_back(column);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    FailAt(path + ":1", "not a Consolidated Screening List CSV: missing column(s) " + list);
  }
  std::vector<ScreeningRecord> records;
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::string where = path + ":" + std::to_string(row_lines[r]);
    if (rows[r].size() != header.size()) {
      FailAt(where, "row has " + std::to_string(rows[r].size()) + " fields where the header has " +
                        std::to_string(header.size()));
    }
    json fields = json::object();
    for (size_t k = 0; k < header.size(); ++k) fields[header[k]] = rows[r][k];
    records.push_back({where, std::move(fields)});
  }
  return records;
}

}  // namespace

std::vector<ScreeningRecord> ReadScreeningList(const std::string& path, const std::string& bytes) {
  CheckUtf8(path, bytes);
  const size_t first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos) FailAt(path, "empty file");
  return (bytes[first] == '[' || bytes[first] == '{') ? ReadJson(path, bytes)
                                                      : ReadCsv(path, bytes);
}

std::string FieldText(const json& fields, const char* key) {
  auto it = fields.find(key);
  if (it == fields.end() || it->is_null()) return "";
  if (it->is_string()) return CollapseSpace(it->get<std::string>());
  if (it->is_array()) {
    std::string joined;
    for (const auto& item : *it) {
      if (item.is_string()) joined += (joined.empty() ? "" : "; ") + item.get<std::string>();
    }
    return CollapseSpace(joined);
  }
  return CollapseSpace(it->dump());
}

}  // namespace chiplight::cli
