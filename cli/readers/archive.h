// Archives (.zip, .7z, .rar, .tar and compressed tars) read member by member with libarchive.
#ifndef CHIPLIGHT_CLI_READERS_ARCHIVE_H_
#define CHIPLIGHT_CLI_READERS_ARCHIVE_H_

#include <string>

#include "readers/extracted.h"

struct archive;
struct archive_entry;

namespace chiplight::cli::readers {

class ArchiveReader {
 public:
  // Reads from `bytes`, which it keeps (a nested archive lives only in memory).
  explicit ArchiveReader(std::string bytes);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // The next regular file's path inside the archive, in UTF-8 (names in GBK or Big5, as
  // Chinese Windows writes them, are converted). false at the end, or with `note` set when the
  // archive is damaged or can't be read.
  bool NextMember(std::string* path, std::string* note);

  // The current member's bytes. false with `note` when it can't be read: encrypted, damaged,
  // larger than limits.max_file_bytes; `stop` is also set when the budget is spent, after which
  // nothing more of the input should be read.
  bool ReadMember(std::string* data, std::string* note, bool* stop, ExpansionBudget& budget,
                  const Limits& limits);

 private:
  std::string bytes_;
  ::archive* archive_;
  ::archive_entry* entry_ = nullptr;
  bool opened_ = false;
};

}  // namespace chiplight::cli::readers

#endif  // CHIPLIGHT_CLI_READERS_ARCHIVE_H_
