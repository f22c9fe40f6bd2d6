// `chiplight scan`: inputs read and scanned on every core, text files larger than a block
// streamed, output in the inputs' order (docs/cli.md).
#ifndef CHIPLIGHT_CLI_SCAN_H_
#define CHIPLIGHT_CLI_SCAN_H_

#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "chiplight/matcher.h"
#include "document.h"
#include "ordered_work.h"

namespace chiplight::cli {

// A bad option value found when the command runs (an unknown category): exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ScanOptions {
  std::vector<std::string> paths;
  std::string format = "text";  // text, jsonl, csv
  std::string lexicon_path;     // "" for the built-in lexicon
  bool summary = false;
  std::vector<std::string> categories;
  // The listed parties (docs/listed-parties.md): the packaged copy, or a file `lexicon
  // import-list` wrote; asking for the category `listed` asks for the packaged copy.
  bool listed = false;
  std::string listed_file;
  unsigned jobs = 0;  // threads; 0 for the machine's hardware threads
  // Text files larger than this are scanned in blocks of this size straight from the file
  // (mapped, never copied), each with the matcher's context margin of its neighbours, so that
  // memory stays the file's pages plus a fixed amount; the results are a whole scan's.
  size_t block_bytes = size_t{4} << 20;
};

int RunScan(const ScanOptions& options);

// The inputs of a scan and what was passed over, shared by `scan` and `report`: folders walked,
// files of other formats counted by extension, paths that don't exist reported.
struct Inputs {
  std::vector<std::string> files;
  std::vector<std::string> errors;
  std::map<std::string, size_t> skipped_formats;
  bool folders = false;  // whether any path was a folder
};
Inputs GatherInputs(const std::vector<std::string>& paths);

// What was passed over or read only in part, tallied for the summary at the end of a scan.
struct Skipped {
  std::map<std::string, size_t> formats;  // folder files of other formats, by extension
  size_t members = 0;                     // archive members of other formats
  size_t unreadable = 0;                  // inputs that could not be read at all
  std::map<std::string, size_t> notes;    // documents read in part or not at all, by note
  size_t documents = 0;                   // documents scanned (notes included)
  bool Any() const { return !formats.empty() || members || unreadable || !notes.empty(); }
  void Add(const Skipped& other);
  // A few lines for standard error: what was skipped and why.
  std::string Describe() const;
};

// Reads every document of one input (a file, or an archive's members) and passes it on: text
// files past `stream_bytes` are handed over as a mapped view in one piece, the rest decoded.
// Warnings and notes go to `sink`'s error output; `skipped` tallies them.
struct InputDocument {
  std::string name;
  std::string_view text;
  const std::vector<size_t>* page_starts = nullptr;
  std::string note;
  bool streamed = false;  // a mapped file, to be scanned in blocks
  // Streamed documents: the scan is done with the text before this offset (its pages may go).
  std::function<void(size_t)> release_before = [](size_t) {};
};
void ReadInput(const std::string& path, size_t stream_bytes, OrderedWork::Sink& sink,
               Skipped& skipped, const std::function<void(const InputDocument&)>& visit);

// Every match of `text` as Matcher::Scan finds them in the whole, computed in blocks of
// `block_bytes` with the matcher's context margin on each side, passed to `visit` block by block
// in document order, with the offset before which the scan will not read the text again.
void ScanInBlocks(const Matcher& matcher, std::string_view text, size_t block_bytes,
                  const std::function<void(const std::vector<Match>&, size_t)>& visit);

}  // namespace chiplight::cli

#endif  // CHIPLIGHT_CLI_SCAN_H_
