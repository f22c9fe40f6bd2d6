// Office files: Word, Excel and PowerPoint (OOXML: .docx, .xlsx, .pptx) and OpenDocument (.odt,
// .ods, .odp), which are zip files of XML parts, read with libzip and pugixml.
#ifndef CHIPLIGHT_CLI_READERS_OFFICE_H_
#define CHIPLIGHT_CLI_READERS_OFFICE_H_

#include <string_view>

#include "readers/extracted.h"

namespace chiplight::cli::readers {

// .docx .docm .xlsx .xlsm .pptx .pptm .odt .ods .odp (lowercase, with the dot).
bool IsOfficeExtension(std::string_view extension);
// .doc .xls .ppt: the binary formats of Office 97-2003.
bool IsLegacyOfficeExtension(std::string_view extension);

// The text in document order, every paragraph, table cell and spreadsheet cell a block:
// Word: headers, body (tables in place), footnotes, endnotes, footers; Excel: each sheet's name
// then its cells row by row; PowerPoint: the slides in presentation order, each slide a page;
// OpenDocument: headers, body, footers (each presentation page a page). The format is told
// from the parts inside, so a misnamed file still reads. Every part read takes from `budget`.
Extracted ReadOffice(std::string_view bytes, ExpansionBudget& budget, const Limits& limits);

// The note for a legacy file (or an encrypted OOXML file, which is a legacy container too).
Extracted ReadLegacyOffice(std::string_view bytes, std::string_view extension);

}  // namespace chiplight::cli::readers

#endif  // CHIPLIGHT_CLI_READERS_OFFICE_H_
