#include "readers/pdf.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <string>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

namespace chiplight::cli::readers {
namespace {

// Poppler reports every syntax problem of a damaged file on stderr; the note says it once.
void IgnorePopplerError(const std::string& /*message*/, void* /*closure*/) {}

// Cuts `text` to at most `size` bytes without splitting a UTF-8 sequence.
void CutUtf8(std::string& text, size_t size) {
  while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
  text.resize(size);
}

bool HasEndOfFileMarker(std::string_view bytes) {
  const std::string_view tail = bytes.substr(bytes.size() - std::min<size_t>(bytes.size(), 1024));
  return tail.find("%%EOF") != std::string_view::npos;
}

}  // namespace

bool LooksLikePdf(std::string_view bytes) {
  // Readers accept the header anywhere in the first KiB; files start with it in practice.
  return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

Extracted ReadPdf(std::string_view bytes, const Limits& limits) {
  Extracted out;
  poppler::set_debug_error_function(IgnorePopplerError, nullptr);
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    out.note = "PDF larger than poppler reads (" + SizeText(bytes.size()) + "); not read";
    return out;
  }
  if (!LooksLikePdf(bytes)) {
    out.note = "not a PDF (no %PDF- header: an error page saved as .pdf?); not read";
    return out;
  }
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) {
    out.note = HasEndOfFileMarker(bytes) ? "damaged PDF: poppler can't open it; not read"
                                         : "truncated PDF (no end-of-file marker) that poppler "
                                           "can't open; not read";
    return out;
  }
  if (pdf->is_locked()) {
    out.note = "encrypted PDF: it needs a password to open; not read";
    return out;
  }
  const int pages = pdf->pages();
  const int read_pages = std::min(pages, limits.max_pdf_pages);
  bool any_text = false;
  bool cut = false;
  for (int i = 0; i < read_pages && !cut; ++i) {
    out.page_starts.push_back(out.text.size());
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) continue;
    poppler::byte_array utf8 =
        page->text(page->page_rect(), poppler::page::non_raw_non_physical_layout).to_utf8();
    std::string text(utf8.begin(), utf8.end());
    text.erase(std::remove(text.begin(), text.end(), '\f'), text.end());
    if (text.find_first_not_of(" \t\r\n") != std::string::npos) any_text = true;
    if (out.text.size() + text.size() > limits.max_text_bytes) {
      CutUtf8(text, limits.max_text_bytes - out.text.size());
      cut = true;
    }
    out.text += text;
    // A running header or a name never joins the next page's text: the page's last line break
    // becomes a block end.
    if (!cut) {
      while (!out.text.empty() && out.text.size() > out.page_starts.back() &&
             (out.text.back() == '\n' || out.text.back() == ' ' || out.text.back() == '\r')) {
        out.text.pop_back();
      }
      EndBlock(out.text);
    }
  }
  if (!HasEndOfFileMarker(bytes)) {
    AddNote(out.note, "truncated PDF (no end-of-file marker): only the " + std::to_string(pages) +
                          " page(s) poppler could recover were read");
  }
  if (pages == 0) {
    AddNote(out.note, "PDF without pages poppler could read");
  } else if (!any_text) {
    AddNote(out.note, "no text layer: the pages are images (a scan?); nothing to scan without OCR");
  }
  if (read_pages < pages) {
    AddNote(out.note, "only the first " + std::to_string(read_pages) + " of " +
                          std::to_string(pages) + " pages were read");
  }
  if (cut) AddNote(out.note, "text cut at " + SizeText(limits.max_text_bytes));
  return out;
}

}  // namespace chiplight::cli::readers
