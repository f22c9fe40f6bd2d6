// Reading documents for the scanner: files, folders and stdin; text encodings; HTML to text.
#ifndef CHIPLIGHT_CLI_DOCUMENT_H_
#define CHIPLIGHT_CLI_DOCUMENT_H_

#include <cstdint>
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
};

// The files a scan covers, in a stable order: named files as given, folders recursively
// (only the formats of readers::IsScannableName, sorted), "-" for stdin. Unreadable paths are
// reported through `errors` and skipped.
std::vector<std::string> CollectInputs(const std::vector<std::string>& paths,
                                       std::vector<std::string>* errors);

// Reads and decodes one input. Throws std::runtime_error with the path on I/O errors.
Document ReadDocument(const std::string& path);

// An input's bytes, "-" for stdin. Throws std::runtime_error with the path on I/O errors and
// past `max_bytes`.
std::string ReadInputBytes(const std::string& path, std::uint64_t max_bytes);

// A document from its bytes, `name` telling the format: text and HTML decoded here, PDF and
// office files by cli/readers (archives are opened by readers::DocumentStream).
Document DocumentFromBytes(std::string name, std::string bytes, readers::ExpansionBudget& budget,
                           const readers::Limits& limits);

// The visible text of an HTML document: script, style, noscript, template and head dropped,
// a line break around every block element.
std::string HtmlToText(std::string_view html);

// Converts bytes to UTF-8: valid UTF-8 as is; UTF-16 with a byte-order mark; otherwise, if the
// bytes decode cleanly as GB18030 (which covers GBK and GB2312, the encodings of many Chinese
// tender documents), that. Anything else is kept as it is (invalid bytes never match).
std::string DecodeToUtf8(std::string bytes, std::string* encoding);

bool IsValidUtf8(std::string_view text);

}  // namespace chiplight::cli

#endif  // CHIPLIGHT_CLI_DOCUMENT_H_
