// PDF text, page by page, with poppler.
#ifndef CHIPLIGHT_CLI_READERS_PDF_H_
#define CHIPLIGHT_CLI_READERS_PDF_H_

#include <string_view>

#include "readers/extracted.h"

namespace chiplight::cli::readers {

bool LooksLikePdf(std::string_view bytes);

// The text of each page in reading order (poppler's layout analysis, as pdftotext does without
// -layout), pages as blocks; page_starts has one offset per page. Encrypted, damaged, truncated
// and image-only PDFs end in a note. Poppler runs in a child process within
// limits.pdf_seconds and limits.pdf_memory_bytes: a crash, a loop or a memory blow-up is a note.
Extracted ReadPdf(std::string_view bytes, const Limits& limits);

}  // namespace chiplight::cli::readers

#endif  // CHIPLIGHT_CLI_READERS_PDF_H_
