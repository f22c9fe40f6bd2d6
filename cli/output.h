// How the scanner writes what it found: the printable filter for terminals, colours, CSV cells
// and JSON strings, and line and column numbers. Everything here appends to a string, so that a
// worker thread formats a document's output and the printing thread only writes it.
#ifndef CHIPLIGHT_CLI_OUTPUT_H_
#define CHIPLIGHT_CLI_OUTPUT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "chiplight/assess.h"
#include "chiplight/category.h"

namespace chiplight::cli {

// Text from files, file names and lexicons is untrusted: written raw to a terminal, an escape
// sequence in it could retitle the window, rewrite earlier lines or worse. Control characters
// (C0, DEL, C1) and the bidirectional overrides that reorder a line are shown as \xHH / \u{HHHH}.
void AppendPrintable(std::string& out, std::string_view text);
std::string Printable(std::string_view text);

struct Style {
  bool color = false;
  std::string Paint(std::string_view text, const char* code) const;
  std::string Category(chiplight::Category category) const;
  std::string Verdict(chiplight::Verdict verdict) const;
  std::string Bold(std::string_view text) const { return Paint(text, "1"); }
  std::string Dim(std::string_view text) const { return Paint(text, "2"); }
};

// A JSON value on one line; invalid UTF-8 in documents is replaced rather than failing the line.
std::string Dump(const nlohmann::json& value);

// `text` as a JSON string (quotes included), exactly as Dump() writes it, without building a
// json value: the per-mention lines of a large file are most of a scan's output.
void AppendJsonString(std::string& out, std::string_view text);

// Quoted, and a cell a spreadsheet would read as a formula (starting with = + - @, a tab or a
// carriage return: a file name, a lexicon's label) gets a leading apostrophe, as OWASP advises;
// "-" alone, stdin's name, is left as it is.
void AppendCsvField(std::string& out, std::string_view text);
std::string CsvField(std::string_view text);

// Line and column (1-based, in code points) of byte offsets, computed in one forward walk, so a
// document's mentions cost one pass over its text whatever their number.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  std::pair<size_t, size_t> At(size_t offset);

 private:
  std::string_view text_;
  size_t pos_ = 0, line_ = 1, column_ = 1;
};

}  // namespace chiplight::cli

#endif  // CHIPLIGHT_CLI_OUTPUT_H_
