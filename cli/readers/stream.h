// The documents of a scan, one at a time: each input file, and each member of an archive
// (nested archives opened in turn), within the limits of readers::Limits.
#ifndef CHIPLIGHT_CLI_READERS_STREAM_H_
#define CHIPLIGHT_CLI_READERS_STREAM_H_

#include <memory>
#include <string>
#include <vector>

#include "document.h"
#include "readers/archive.h"
#include "readers/extracted.h"

namespace chiplight::cli::readers {

class DocumentStream {
 public:
  explicit DocumentStream(std::vector<std::string> inputs, Limits limits = {});
  ~DocumentStream();

  // The next document: false when there are no more. An archive's members are named
  // "archive.zip!/notice.pdf" ("a.zip!/b.zip!/c.docx" when nested). Anything read only in part
  // or not at all is a document with a note (an archive's own problems on a document named
  // after the archive). Throws std::runtime_error when an input can't be read at all; the
  // stream goes on with the next input.
  bool Next(Document* doc);

  // How many inputs have been started, for progress.
  size_t inputs_started() const { return next_input_; }
  // Archive members passed over because they are of no format the scanner reads.
  size_t members_skipped() const { return members_skipped_; }

 private:
  struct OpenArchive {
    std::string name;
    std::unique_ptr<ArchiveReader> reader;
    size_t documents = 0;  // what it yielded, notes included: an empty archive says so
  };
  Document Noted(std::string name, std::string note);

  std::vector<std::string> inputs_;
  Limits limits_;
  size_t next_input_ = 0;
  std::vector<OpenArchive> open_;            // the archive being read, innermost last
  std::unique_ptr<ExpansionBudget> budget_;  // the current input's
  size_t members_ = 0;                       // entries seen in the current input's archives
  size_t members_skipped_ = 0;
};

}  // namespace chiplight::cli::readers

#endif  // CHIPLIGHT_CLI_READERS_STREAM_H_
