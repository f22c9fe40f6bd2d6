// Which files the scanner reads, told by name (and for PDFs by their first bytes), and the
// dispatch to the reader of each binary format.
#ifndef CHIPLIGHT_CLI_READERS_FORMATS_H_
#define CHIPLIGHT_CLI_READERS_FORMATS_H_

#include <optional>
#include <string>
#include <string_view>

#include "readers/extracted.h"

namespace chiplight::cli::readers {

// Text (.txt .md), HTML (.html .htm), PDF, office files (new and legacy, for the note) and
// archives: what a folder or an archive contributes to a scan.
bool IsScannableName(std::string_view name);

// .zip .7z .rar .tar .tgz .tar.gz .tar.bz2 .tar.xz
bool IsArchiveName(std::string_view name);

// Read as text (decoded from its encoding) if its bytes are not a PDF's: not an archive, HTML,
// PDF or office file by name. .txt and .md, and any other name given on the command line.
bool IsPlainTextName(std::string_view name);

// PDF, office and legacy office files: their text, pages and note. std::nullopt for text and
// HTML, which document.cc decodes.
std::optional<Extracted> ReadBinary(const std::string& name, std::string_view bytes,
                                    ExpansionBudget& budget, const Limits& limits);

}  // namespace chiplight::cli::readers

#endif  // CHIPLIGHT_CLI_READERS_FORMATS_H_
