// What a reader of a binary format (PDF, office files, archives) gives back, and the limits
// every reader keeps to, so that a hostile file costs bounded time and memory and ends in a note.
#ifndef CHIPLIGHT_CLI_READERS_EXTRACTED_H_
#define CHIPLIGHT_CLI_READERS_EXTRACTED_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace chiplight::cli::readers {

// docs/cli.md lists these; the numbers are there too.
struct Limits {
  // Largest file, archive member or office part read into memory.
  std::uint64_t max_file_bytes = 256ull << 20;
  // Largest text one document yields; the rest is cut off with a note.
  std::size_t max_text_bytes = 64u << 20;
  // An input may expand (archive members, nested archives, office parts) to this many times
  // its own size, the ratio Apache POI uses against zip bombs, past a grace for small files...
  std::uint64_t max_expansion_ratio = 100;
  std::uint64_t expansion_grace_bytes = 16ull << 20;
  // ...and never past this in all.
  std::uint64_t max_expanded_bytes = 2ull << 30;
  // Archives inside archives: a.zip!/b.zip!/c.zip!/d.zip! is four.
  int max_archive_depth = 4;
  // Entries of one archive, and of one input with all its nested archives.
  std::size_t max_archive_members = 10000;
  // Pages of a PDF read.
  int max_pdf_pages = 10000;
  // Poppler reads each PDF in a child process with this much time and address space, so that a
  // hostile PDF that crashes it, loops or eats memory is a note and not the end of the scan.
  int pdf_seconds = 120;
  std::uint64_t pdf_memory_bytes = 4ull << 30;
};

// How many bytes an input may still expand to, shared by everything read out of it.
class ExpansionBudget {
 public:
  ExpansionBudget(std::uint64_t input_bytes, const Limits& limits);
  // Takes `bytes` from the budget; false (and nothing taken) when they don't fit.
  bool Take(std::uint64_t bytes);
  std::uint64_t allowed() const { return allowed_; }

 private:
  std::uint64_t allowed_;
  std::uint64_t used_ = 0;
};

struct Extracted {
  std::string text;                      // UTF-8; blocks end as EndBlock ends them
  std::vector<std::size_t> page_starts;  // paged formats: byte offset of each page's text
  std::string note;                      // why the text is incomplete or missing; "" if complete
};

// Ends a block (paragraph, table cell, heading) as the HTML reader does: the core's block
// separator (chiplight/text.h) and a line break, so a name can't run from one table cell into
// the next.
void EndBlock(std::string& text);

// Appends a note to `note`, "; " between notes.
void AddNote(std::string& note, const std::string& more);

// A human size: "64 MiB", "512 KiB", "17 bytes".
std::string SizeText(std::uint64_t bytes);

}  // namespace chiplight::cli::readers

#endif  // CHIPLIGHT_CLI_READERS_EXTRACTED_H_
