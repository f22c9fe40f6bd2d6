#include "readers/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include "chiplight/text.h"
#include "readers/charset.h"

namespace chiplight::cli::readers {
namespace {

// libarchive converts member names to the current locale's charset, which is ASCII under the
// C locale a scan runs in: every UTF-8 name would fail. UTF-8 for this thread while it works.
class Utf8Locale {
 public:
  Utf8Locale() {
    static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (utf8 != static_cast<locale_t>(0)) previous_ = uselocale(utf8);
  }
  ~Utf8Locale() {
    if (previous_ != static_cast<locale_t>(0)) uselocale(previous_);
  }
  Utf8Locale(const Utf8Locale&) = delete;
  Utf8Locale& operator=(const Utf8Locale&) = delete;

 private:
  locale_t previous_ = static_cast<locale_t>(0);
};

}  // namespace

ArchiveReader::ArchiveReader(std::string bytes) : bytes_(std::move(bytes)) {
  archive_ = archive_read_new();
  archive_read_support_filter_all(archive_);
  archive_read_support_format_zip(archive_);
  archive_read_support_format_7zip(archive_);
  archive_read_support_format_rar(archive_);
  archive_read_support_format_rar5(archive_);
  archive_read_support_format_tar(archive_);
  opened_ = archive_read_open_memory(archive_, bytes_.data(), bytes_.size()) == ARCHIVE_OK;
}

ArchiveReader::~ArchiveReader() { archive_read_free(archive_); }

bool ArchiveReader::NextMember(std::string* path, std::string* note) {
  if (!opened_) {
    *note = std::string("damaged or unsupported archive: ") + archive_error_string(archive_);
    return false;
  }
  Utf8Locale utf8;
  for (;;) {
    const int status = archive_read_next_header(archive_, &entry_);
    if (status == ARCHIVE_EOF) return false;
    if (status == ARCHIVE_FATAL || status == ARCHIVE_RETRY) {
      const char* why = archive_error_string(archive_);
      *note = std::string("damaged archive, read up to here: ") + (why ? why : "unknown error");
      opened_ = false;
      return false;
    }
    if (archive_entry_filetype(entry_) != AE_IFREG) continue;  // folders, links, devices
    const char* utf8 = archive_entry_pathname_utf8(entry_);
    const char* raw = archive_entry_pathname(entry_);
    if (utf8 != nullptr) {
      *path = utf8;
    } else if (raw != nullptr) {
      // Zip members without the UTF-8 flag are in the writer's code page: GBK in China.
      std::string encoding;
      *path = raw;
      if (!IsValidUtf8(*path) && !DecodeChinese(raw, path, &encoding)) *path = raw;
    } else {
      continue;
    }
    return true;
  }
}

bool ArchiveReader::ReadMember(std::string* data, std::string* note, bool* stop,
                               ExpansionBudget& budget, const Limits& limits) {
  *stop = false;
  data->clear();
  if (archive_entry_is_encrypted(entry_)) {
    *note = "encrypted archive member: it needs a password; not read";
    return false;
  }
  char buffer[1 << 16];
  for (;;) {
    const la_ssize_t got = archive_read_data(archive_, buffer, sizeof buffer);
    if (got == 0) {
      // A zip cut short can end a member early without an error: its header knows the size.
      if (archive_entry_size_is_set(entry_) &&
          data->size() != static_cast<std::uint64_t>(archive_entry_size(entry_))) {
        *note = "damaged or truncated archive member (" + std::to_string(data->size()) + " of " +
                std::to_string(archive_entry_size(entry_)) + " bytes)";
        data->clear();
        return false;
      }
      return true;
    }
    if (got < 0) {
      const char* why = archive_error_string(archive_);
      *note = std::string("damaged archive member: ") + (why ? why : "unknown error");
      return false;
    }
    if (data->size() + static_cast<std::uint64_t>(got) > limits.max_file_bytes) {
      *note = "larger than " + SizeText(limits.max_file_bytes) + " unpacked; not read";
      data->clear();
      return false;
    }
    if (!budget.Take(static_cast<std::uint64_t>(got))) {
      *note = "unpacks past " + SizeText(budget.allowed()) +
              ", the limit for an input of its size (an archive bomb?); stopped here, the rest "
              "of the archive not read";
      data->clear();
      *stop = true;
      return false;
    }
    data->append(buffer, static_cast<size_t>(got));
  }
}

}  // namespace chiplight::cli::readers
