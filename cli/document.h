// Reading documents for the scanner: files, folders and stdin; text encodings; HTML to text.
#ifndef CHIPLIGHT_CLI_DOCUMENT_H_
#define CHIPLIGHT_CLI_DOCUMENT_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "readers/extracted.h"

namespace chiplight::cli {

struct Document {
  std::string name;      // the path as the user should see it, or "-" for stdin
  std::string text;      // UTF-8 text that offsets refer to (HTML: the extracted visible text)
  std::string encoding;  // "utf-8", "utf-16le", "utf-16be" or "gb18030": what the bytes were
  bool html = false;
  std::vector<size_t> page_starts;  // PDF pages, slides: where each page's text starts
  std::string note;                 // why it was read only in part or not at all; "" if whole
  // What a reader should know about how the text was read (bad code units replaced, an
  // encoding guessed, bytes scanned as they are, nesting flattened); empty when nothing.
  std::vector<std::string> warnings;
};

// The files a scan covers, in a stable order: named files as given, folders recursively
// (only the formats of readers::IsScannableName, sorted), "-" for stdin. Unreadable paths are
// reported through `errors` and skipped; files in folders of other formats are counted in
// `skipped_formats` (if given) by extension, lowercased with its dot, or "(no extension)".
std::vector<std::string> CollectInputs(const std::vector<std::string>& paths,
                                       std::vector<std::string>* errors,
                                       std::map<std::string, size_t>* skipped_formats = nullptr);

// Reads and decodes one input. Throws std::runtime_error with the path on I/O errors and for
// anything but a regular file or "-" (a device or FIFO would block or never end).
Document ReadDocument(const std::string& path);

// An input's bytes, "-" for stdin. Throws std::runtime_error with the path on I/O errors and
// past `max_bytes`.
std::string ReadInputBytes(const std::string& path, std::uint64_t max_bytes);

// A document from its bytes, `name` telling the format: text and HTML decoded here, PDF and
// office files by cli/readers (archives are opened by readers::DocumentStream).
Document DocumentFromBytes(std::string name, std::string bytes, readers::ExpansionBudget& budget,
                           const readers::Limits& limits);

// The work of reading one HTML document, counted so that tests can show it stays linear in
// the input's size: elements and text nodes visited, the sum of their depths in the parsed tree
// (what the parser's scans of its open-element stack cost), bytes of text produced.
struct HtmlReadWork {
  size_t nodes = 0;
  size_t depth_sum = 0;
  size_t max_depth = 0;
  size_t bytes_out = 0;
  size_t tags_flattened = 0;  // start tags beyond kMaxHtmlDepth, read as if absent
};

// Elements nest at most this deep, as in Chromium's parser (512): the HTML parser's cost per
// token grows with the depth of its open elements, so an unbounded depth makes reading
// quadratic. Deeper start tags (and their end tags) are dropped before parsing; their text stays.
constexpr size_t kMaxHtmlDepth = 512;
// Parse errors recorded at most (each copies the parser's open-element stack; unbounded, they
// made 200 KB of unclosed <div>s take 12.7 GB). Only their count matters here.
constexpr int kMaxHtmlErrors = 64;

// The visible text of an HTML document: the elements core/data/html-blocks.json skips dropped,
// every block element ended with the block separator and a line break. Linear in the input's
// size on any input.
std::string HtmlToText(std::string_view html, HtmlReadWork* work = nullptr);

// Converts bytes to UTF-8: valid UTF-8 as is; UTF-16 with a byte-order mark, or without one
// when NUL bytes show it (invalid code units become U+FFFD); otherwise GB18030 (which covers
// GBK and GB2312, the encodings of many Chinese tender documents) or Big5, whichever
// readers::DecodeChinese finds reads as normal Chinese text. Anything else is kept as it is
// (invalid bytes never match). `warnings` (optional) receives what a reader should know: replaced
// code units, a guessed encoding, bytes kept as they are.
std::string DecodeToUtf8(std::string bytes, std::string* encoding,
                         std::vector<std::string>* warnings = nullptr);

}  // namespace chiplight::cli

#endif  // CHIPLIGHT_CLI_DOCUMENT_H_
