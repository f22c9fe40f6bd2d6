#include "readers/formats.h"

#include <algorithm>

#include "readers/office.h"
#include "readers/pdf.h"

namespace chiplight::cli::readers {
namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

bool EndsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The extension with its dot, lowercased; "" if none. Only the last path component counts.
std::string Extension(std::string_view name) {
  const size_t slash = name.find_last_of('/');
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  return Lower(base.substr(dot));
}

}  // namespace

bool IsArchiveName(std::string_view name) {
  const std::string lower = Lower(name);
  for (const char* suffix :
       {".zip", ".7z", ".rar", ".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tar.xz"}) {
    if (EndsWith(lower, suffix)) return true;
  }
  return false;
}

bool IsScannableName(std::string_view name) {
  const std::string ext = Extension(name);
  return ext == ".txt" || ext == ".md" || ext == ".html" || ext == ".htm" || ext == ".pdf" ||
         IsOfficeExtension(ext) || IsLegacyOfficeExtension(ext) || IsArchiveName(name);
}

bool IsPlainTextName(std::string_view name) {
  const std::string ext = Extension(name);
  return ext != ".html" && ext != ".htm" && ext != ".pdf" && !IsOfficeExtension(ext) &&
         !IsLegacyOfficeExtension(ext) && !IsArchiveName(name);
}

std::optional<Extracted> ReadBinary(const std::string& name, std::string_view bytes,
                                    ExpansionBudget& budget, const Limits& limits) {
  const std::string ext = Extension(name);
  if (ext == ".pdf" || (ext != ".html" && ext != ".htm" && LooksLikePdf(bytes.substr(0, 8)))) {
    return ReadPdf(bytes, limits);
  }
  if (IsOfficeExtension(ext)) return ReadOffice(bytes, budget, limits);
  if (IsLegacyOfficeExtension(ext)) return ReadLegacyOffice(bytes, ext);
  return std::nullopt;
}

}  // namespace chiplight::cli::readers
