#include "readers/stream.h"

#include "readers/formats.h"

namespace chiplight::cli::readers {

DocumentStream::DocumentStream(std::vector<std::string> inputs, Limits limits)
    : inputs_(std::move(inputs)), limits_(limits) {}

DocumentStream::~DocumentStream() = default;

Document DocumentStream::Noted(std::string name, std::string note) {
  Document doc;
  doc.name = std::move(name);
  doc.note = std::move(note);
  return doc;
}

bool DocumentStream::Next(Document* doc) {
  for (;;) {
    if (!open_.empty()) {
      OpenArchive& archive = open_.back();
      std::string path, note;
      if (!archive.reader->NextMember(&path, &note)) {
        OpenArchive done = std::move(open_.back());
        open_.pop_back();
        if (note.empty() && done.documents == 0) {
          note = "no documents inside (of the formats scanned: see docs/cli.md)";
        }
        if (note.empty()) continue;
        *doc = Noted(done.name, note);
        if (!open_.empty()) ++open_.back().documents;
        return true;
      }
      if (++members_ > limits_.max_archive_members) {
        // Every enclosing archive is abandoned too: the count is the input's.
        *doc =
            Noted(open_.front().name, "more than " + std::to_string(limits_.max_archive_members) +
                                          " archive entries (an archive bomb?); the rest not read");
        open_.clear();
        return true;
      }
      if (!IsScannableName(path)) {  // as in folders: only the formats scanned
        ++members_skipped_;
        continue;
      }
      std::string name = archive.name + "!/" + path;
      std::string bytes;
      bool stop = false;
      ++archive.documents;
      if (!archive.reader->ReadMember(&bytes, &note, &stop, *budget_, limits_)) {
        if (stop) open_.clear();
        *doc = Noted(std::move(name), note);
        return true;
      }
      if (IsArchiveName(path)) {
        if (open_.size() >= static_cast<size_t>(limits_.max_archive_depth)) {
          *doc = Noted(std::move(name), "archive nested more than " +
                                            std::to_string(limits_.max_archive_depth) +
                                            " levels deep; not opened");
          return true;
        }
        open_.push_back({std::move(name), std::make_unique<ArchiveReader>(std::move(bytes))});
        continue;
      }
      *doc = DocumentFromBytes(std::move(name), std::move(bytes), *budget_, limits_);
      return true;
    }
    if (next_input_ >= inputs_.size()) return false;
    const std::string& path = inputs_[next_input_++];
    std::string bytes = ReadInputBytes(path, limits_.max_file_bytes);
    budget_ = std::make_unique<ExpansionBudget>(bytes.size(), limits_);
    members_ = 0;
    if (path != "-" && IsArchiveName(path)) {
      open_.push_back({path, std::make_unique<ArchiveReader>(std::move(bytes))});
      continue;
    }
    *doc = DocumentFromBytes(path, std::move(bytes), *budget_, limits_);
    return true;
  }
}

}  // namespace chiplight::cli::readers
