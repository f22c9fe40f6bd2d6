#include "scan.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "chiplight/assess.h"
#include "chiplight/lexicon.h"
#include "chiplight/listed.h"
#include "chiplight/text.h"
#include "import_list.h"
#include "output.h"
#include "readers/formats.h"
#include "readers/pdf.h"
#include "readers/stream.h"

namespace chiplight::cli {
namespace {

using nlohmann::json;

constexpr int kOk = 0;
constexpr int kBadInput = 1;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Whether a file is UTF-8 without NUL bytes (read as it is: anything else is decoded whole),
// checked through a small buffer (reading into it costs less than faulting the mapping's pages
// in twice, and the scan's memory stays a few blocks).
bool IsPlainUtf8(int fd, std::uint64_t size) {
  constexpr size_t kChunk = size_t{1} << 20;
  std::string buffer(kChunk + 4, '\0');
  for (std::uint64_t from = 0; from < size;) {
    const ssize_t got = pread(fd, buffer.data(), buffer.size(), static_cast<off_t>(from));
    if (got <= 0) return false;
    size_t cut = static_cast<size_t>(got);
    if (from + cut < size) {
      // Pieces never split a character, so they are valid exactly when the whole is.
      cut = std::min(cut, kChunk);
      while (cut > kChunk - 4 && IsContinuationByte(buffer[cut])) --cut;
    }
    if (!IsValidUtf8(std::string_view(buffer.data(), cut), NulBytes::kRefused)) return false;
    from += cut;
  }
  return true;
}

// A file's bytes mapped read-only: a large text file is scanned where the kernel keeps it, in
// blocks, never copied into the heap.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) munmap(data_, size_);
  }
  // Maps `path` if it is a regular file larger than `min_bytes` in UTF-8 without NUL bytes;
  // false otherwise.
  bool Open(const std::string& path, size_t min_bytes) {
    // Non-blocking: opening a FIFO for reading would wait for a writer (those are refused with
    // their kind by the reader below).
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return false;
    struct stat status {};
    if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) ||
        static_cast<std::uint64_t>(status.st_size) <= min_bytes) {
      close(fd);
      return false;
    }
    size_ = static_cast<size_t>(status.st_size);
    plain_utf8_ = IsPlainUtf8(fd, size_);
    void* data = plain_utf8_ ? mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (data == MAP_FAILED) return false;
    data_ = data;
    // Read once, front to back: the kernel may read ahead and drop what is behind.
    madvise(data_, size_, MADV_SEQUENTIAL);
    return true;
  }
  std::string_view view() const { return {static_cast<const char*>(data_), size_}; }
  // UTF-8 without NUL bytes: mapped and scanned as it is (Open is false for anything else).
  bool plain_utf8() const { return plain_utf8_; }
  // Gives back the pages before `offset`: the scan is past them, so the process holds a block
  // or two of the file, not all of it (they stay in the page cache, and read again if needed).
  void Release(size_t offset) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t end = std::min(offset, size_) / page * page;
    if (end > released_) {
      madvise(static_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
      released_ = end;
    }
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
  size_t released_ = 0;
  bool plain_utf8_ = false;
};

// What every document's output needs, prepared once and shared by the threads.
struct ScanSettings {
  ScanSettings(const Matcher& m, std::string f, bool s, Style st, const std::string& list_date)
      : matcher(m), lexicon(m.lexicon()), format(std::move(f)), summary(s), style(st) {
    // The per-mention JSON and CSV of each entry, written once instead of at every mention.
    for (const Entry& e : lexicon.entries()) {
      std::string head = "{\"category\":";
      AppendJsonString(head, CategoryName(e.category));
      head += ",\"end\":";
      std::string tail = ",\"id\":";
      AppendJsonString(tail, e.id);
      tail += ",\"label\":";
      AppendJsonString(tail, e.label);
      if (e.category == Category::kListed) {
        tail += ",\"list_date\":";
        AppendJsonString(tail, list_date);
      }
      json_head.push_back(std::move(head));
      json_entry.push_back(std::move(tail));
      std::string csv = ",";
      AppendCsvField(csv, e.id);
      csv += ",";
      csv += CategoryName(e.category);
      csv += ",";
      AppendCsvField(csv, e.label);
      csv += ",";
      csv_entry.push_back(std::move(csv));
      // The text line's category (coloured, padded) and label, after the place and the mention.
      text_category.push_back(style.Category(e.category) +
                              std::string(13 - CategoryName(e.category).size(), ' '));
      text_label.push_back(style.Dim("  " + e.label) + "\n");
    }
  }
  const Matcher& matcher;
  const Lexicon& lexicon;
  const std::string format;
  const bool summary;
  const Style style;
  std::vector<std::string> json_head, json_entry, csv_entry, text_category, text_label;
};

// One line of the folder table: what it needs of a file, without the file's text, so that a
// folder of any size costs only a line per file.
struct SummaryRow {
  std::string name;
  Verdict verdict = Verdict::kNone;
  std::array<size_t, kCategoryCount> counts{};
  std::string evidence;
  std::string note;
};

// Writes one document's output as its matches arrive (all at once, or block by block), keeping
// only what the verdict needs: the first mention of each entry.
class DocumentWriter {
 public:
  DocumentWriter(const ScanSettings& settings, OrderedWork::Sink& sink, const InputDocument& doc,
                 std::vector<SummaryRow>* rows)
      : s_(settings),
        sink_(sink),
        doc_(doc),
        rows_(rows),
        lines_(doc.text),
        seen_(settings.lexicon.entries().size(), false) {
    AppendJsonString(name_json_, doc.name);
    AppendCsvField(name_csv_, doc.name);
    if (!s_.summary && s_.format == "text") buffer_ += s_.style.Bold(doc.name) + "\n";
  }

  void Add(const std::vector<Match>& matches) {
    for (const Match& m : matches) {
      ++counts_[static_cast<int>(s_.matcher.entry(m).category)];
      ++total_;
      if (!seen_[m.entry]) {
        seen_[m.entry] = true;
        firsts_.push_back(m);
      }
      if (!s_.summary) WriteMention(m);
    }
    if (buffer_.size() > (size_t{1} << 16)) Flush();
  }

  void Finish() {
    const Assessment assessment = Assess(s_.lexicon, firsts_);
    if (s_.summary) {
      WriteSummary(assessment);
    } else if (s_.format == "text") {
      if (total_ == 0) buffer_ += "  " + s_.style.Dim("no mentions") + "\n";
      if (!doc_.note.empty()) buffer_ += "  note: " + Printable(doc_.note) + "\n";
      buffer_ += "  cloud-access pattern: " + s_.style.Verdict(assessment.verdict) + " - " +
                 Printable(assessment.explanation) + "\n\n";
    }
    Flush();
  }

 private:
  std::string_view TextOf(const Match& m) const {
    return doc_.text.substr(m.start, m.end - m.start);
  }

  // The page (1-based) of a byte offset in a paged document (PDF, slides); 0 for others.
  size_t PageOf(size_t offset) const {
    if (doc_.page_starts == nullptr) return 0;
    return std::upper_bound(doc_.page_starts->begin(), doc_.page_starts->end(), offset) -
           doc_.page_starts->begin();
  }

  void WriteMention(const Match& m) {
    const size_t page = PageOf(m.start);
    if (s_.format == "jsonl") {
      // Keys in nlohmann's (sorted) order, as the summary's objects are written.
      buffer_ += s_.json_head[m.entry];
      buffer_ += std::to_string(m.end);
      buffer_ += ",\"file\":";
      buffer_ += name_json_;
      buffer_ += s_.json_entry[m.entry];
      if (page) (buffer_ += ",\"page\":") += std::to_string(page);
      (buffer_ += ",\"start\":") += std::to_string(m.start);
      buffer_ += ",\"text\":";
      AppendJsonString(buffer_, TextOf(m));
      buffer_ += "}\n";
    } else if (s_.format == "csv") {
      buffer_ += name_csv_;
      ((buffer_ += ',') += std::to_string(m.start)) += ',';
      (buffer_ += std::to_string(m.end)) += ',';
      AppendCsvField(buffer_, TextOf(m));
      buffer_ += s_.csv_entry[m.entry];
      if (page) buffer_ += std::to_string(page);
      buffer_ += '\n';
    } else {
      auto [line, column] = lines_.At(m.start);
      char where[64];
      const int length =
          page ? std::snprintf(where, sizeof where, "  p%zu:%zu:%zu", page, line, column)
               : std::snprintf(where, sizeof where, "  %zu:%zu", line, column);
      buffer_.append(where, static_cast<size_t>(length));
      // The place is padded to 9 characters (after the two-space indent).
      if (length < 11) buffer_.append(static_cast<size_t>(11 - length), ' ');
      buffer_ += ' ';
      buffer_ += s_.text_category[m.entry];
      AppendPrintable(buffer_, TextOf(m));
      buffer_ += s_.text_label[m.entry];
    }
  }

  std::string EvidenceText(const Assessment& assessment, const char* separator) const {
    std::string evidence;
    for (size_t i : assessment.evidence) {
      if (!evidence.empty()) evidence += separator;
      evidence += TextOf(firsts_[i]);
    }
    return evidence;
  }

  void WriteSummary(const Assessment& assessment) {
    if (s_.format == "jsonl") {
      json counts = json::object();
      for (Category c : kAllCategories)
        counts[std::string(CategoryName(c))] = counts_[static_cast<int>(c)];
      json evidence = json::array();
      for (size_t i : assessment.evidence) {
        const Match& m = firsts_[i];
        const Entry& e = s_.matcher.entry(m);
        evidence.push_back({{"start", m.start},
                            {"end", m.end},
                            {"text", std::string(TextOf(m))},
                            {"id", e.id},
                            {"category", CategoryName(e.category)},
                            {"label", e.label}});
      }
      json line = {{"file", doc_.name},
                   {"counts", counts},
                   {"verdict", VerdictName(assessment.verdict)},
                   {"explanation", assessment.explanation},
                   {"evidence", evidence}};
      if (!doc_.note.empty()) line["note"] = doc_.note;
      buffer_ += Dump(line) + "\n";
    } else if (s_.format == "csv") {
      buffer_ += name_csv_ + "," + std::string(VerdictName(assessment.verdict));
      for (size_t count : counts_) buffer_ += "," + std::to_string(count);
      buffer_ += ",";
      AppendCsvField(buffer_, EvidenceText(assessment, "; "));
      buffer_ += ",";
      AppendCsvField(buffer_, doc_.note);
      buffer_ += "\n";
    } else {
      rows_->push_back(
          {doc_.name, assessment.verdict, counts_, EvidenceText(assessment, ", "), doc_.note});
    }
  }

  void Flush() {
    sink_.Out(buffer_);
    buffer_.clear();
  }

  const ScanSettings& s_;
  OrderedWork::Sink& sink_;
  const InputDocument& doc_;
  std::vector<SummaryRow>* rows_;
  LineCounter lines_;
  std::vector<bool> seen_;
  std::vector<Match> firsts_;  // the first mention of each entry, in document order
  std::array<size_t, kCategoryCount> counts_{};
  size_t total_ = 0;
  std::string name_json_, name_csv_, buffer_;
};

void PrintSummaryText(std::vector<SummaryRow>& rows, const Style& style) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const SummaryRow& a, const SummaryRow& b) { return a.verdict > b.verdict; });
  std::string out = style.Bold("verdict   chip cloud inter  reg list  file") + "\n";
  std::array<size_t, 4> by_verdict{};
  char number[16];
  for (const auto& row : rows) {
    ++by_verdict[static_cast<int>(row.verdict)];
    std::string verdict(VerdictName(row.verdict));
    out += style.Verdict(row.verdict) + std::string(9 - verdict.size(), ' ');
    for (size_t count : row.counts) {
      std::snprintf(number, sizeof number, "%5zu", count);
      out += number;
    }
    out += "  " + Printable(row.name) + "\n";
    if (row.verdict != Verdict::kNone) {
      out += "          " + style.Dim("evidence: " + row.evidence) + "\n";
    }
    if (!row.note.empty()) out += "          note: " + Printable(row.note) + "\n";
  }
  out += "\n" + std::to_string(rows.size()) + " file(s): " + std::to_string(by_verdict[3]) +
         " strong, " + std::to_string(by_verdict[2]) + " moderate, " +
         std::to_string(by_verdict[1]) + " weak, " + std::to_string(by_verdict[0]) + " none\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

// "1:05" or "1:02:05".
std::string Clock(double seconds) {
  const long total = static_cast<long>(seconds + 0.5);
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  }
  return text;
}

}  // namespace

Inputs GatherInputs(const std::vector<std::string>& paths) {
  Inputs inputs;
  inputs.files = CollectInputs(paths, &inputs.errors, &inputs.skipped_formats);
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path != "-" && std::filesystem::is_directory(path, ec)) inputs.folders = true;
  }
  return inputs;
}

void Skipped::Add(const Skipped& other) {
  for (const auto& [ext, count] : other.formats) formats[ext] += count;
  members += other.members;
  unreadable += other.unreadable;
  for (const auto& [note, count] : other.notes) notes[note] += count;
  documents += other.documents;
}

std::string Skipped::Describe() const {
  std::string out;
  auto line = [&](const std::string& text) { out += "chiplight:   " + Printable(text) + "\n"; };
  out += "chiplight: " + std::to_string(documents) + " document(s) read";
  out += Any() ? "; skipped or read in part:\n" : "\n";
  if (!formats.empty()) {
    size_t total = 0;
    std::vector<std::pair<size_t, std::string>> by_count;
    for (const auto& [ext, count] : formats) {
      total += count;
      by_count.emplace_back(count, ext);
    }
    std::stable_sort(by_count.begin(), by_count.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string list;
    for (size_t i = 0; i < by_count.size(); ++i) {
      if (i == 8) {
        list += ", ...";
        break;
      }
      list += (i ? ", " : "") + by_count[i].second + " " + std::to_string(by_count[i].first);
    }
    line(std::to_string(total) + " file(s) in folders of formats scan doesn't read (" + list + ")");
  }
  if (members) {
    line(std::to_string(members) + " archive member(s) of formats scan doesn't read");
  }
  if (unreadable) line(std::to_string(unreadable) + " input(s) that could not be read (above)");
  if (!notes.empty()) {
    size_t total = 0;
    for (const auto& [note, count] : notes) total += count;
    line(std::to_string(total) + " document(s) read in part or not at all:");
    std::vector<std::pair<size_t, std::string>> by_count;
    for (const auto& [note, count] : notes) by_count.emplace_back(count, note);
    std::stable_sort(by_count.begin(), by_count.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; i < by_count.size() && i < 10; ++i) {
      line("  " + std::to_string(by_count[i].first) + " x " + by_count[i].second);
    }
    if (by_count.size() > 10) line("  and " + std::to_string(by_count.size() - 10) + " more");
  }
  return out;
}

void ReadInput(const std::string& path, size_t stream_bytes, OrderedWork::Sink& sink,
               Skipped& skipped, const std::function<void(const InputDocument&)>& visit) {
  if (path != "-" && readers::IsPlainTextName(path)) {
    // Large text files are scanned where they are mapped, if they are UTF-8 (which is read as it
    // is); other encodings are converted whole as below.
    MappedFile file;
    if (file.Open(path, stream_bytes)) {
      const std::string_view text = file.view();
      if (!readers::LooksLikePdf(text.substr(0, 8))) {
        ++skipped.documents;
        visit({path, text, nullptr, "", true, [&](size_t offset) { file.Release(offset); }});
        return;
      }
    }
  }
  readers::DocumentStream documents({path});
  for (;;) {
    Document doc;
    try {
      if (!documents.Next(&doc)) break;
    } catch (const std::exception& error) {
      ++skipped.unreadable;
      sink.Err("chiplight: " + Printable(error.what()) + "\n");
      continue;
    }
    for (const std::string& warning : doc.warnings) {
      sink.Err("chiplight: " + Printable(doc.name) + ": warning: " + Printable(warning) + "\n");
    }
    if (!doc.note.empty()) {
      ++skipped.notes[doc.note];
      sink.Err("chiplight: " + Printable(doc.name + ": " + doc.note) + "\n");
    }
    ++skipped.documents;
    visit({doc.name, doc.text, &doc.page_starts, doc.note, false});
  }
  skipped.members += documents.members_skipped();
}

void ScanInBlocks(const Matcher& matcher, std::string_view text, size_t block_bytes,
                  const std::function<void(const std::vector<Match>&, size_t)>& visit) {
  const ContextMargin context = matcher.context_margin();
  // The margin is counted in code points: four bytes each at most in UTF-8.
  const size_t margin = 4 * context.code_points + context.bytes;
  block_bytes = std::max<size_t>(block_bytes, 1);
  std::vector<Match> kept;
  for (size_t from = 0; from < text.size();) {
    size_t to = std::min(text.size(), from + block_bytes);
    while (to < text.size() && IsContinuationByte(text[to])) ++to;
    size_t window_from = from > margin ? from - margin : 0;
    while (window_from > 0 && IsContinuationByte(text[window_from])) --window_from;
    const size_t window_to = std::min(text.size(), to + margin);
    kept.clear();
    // A mention belongs to the block it starts in; the window around the block lets the
    // matcher see its context, and mentions running past the block's end, as in the whole.
    for (Match m : matcher.Scan(text.substr(window_from, window_to - window_from))) {
      m.start += window_from;
      m.end += window_from;
      if (m.start >= from && m.start < to) kept.push_back(m);
    }
    visit(kept, to > margin ? to - margin : 0);  // the next window starts there
    from = to;
  }
}

// The lexicon with the listed parties asked for (none, the packaged copy or a file), and the
// list's date in `list_date`.
std::shared_ptr<const Lexicon> WithListed(std::shared_ptr<const Lexicon> lexicon,
                                          const ScanOptions& options,
                                          const std::vector<Category>& categories,
                                          std::string* list_date) {
  bool packaged = options.listed;
  if (std::find(categories.begin(), categories.end(), Category::kListed) != categories.end())
    packaged = packaged || options.listed_file.empty();
  ListedParties parties;
  if (!options.listed_file.empty()) {
    std::ifstream in(options.listed_file, std::ios::binary);
    if (!in) throw LexiconError(options.listed_file, "cannot read the file");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    parties = WithListedParties(*lexicon, text, options.listed_file);
  } else if (packaged && lexicon->built_in()) {
    // The packaged list with the built-in lexicon: read from the tables the build stored for it
    // (core/tools/listed_tables.cc), not compiled here.
    parties = StoredListedParties(PackagedListedJson(), PackagedListedTables(),
                                  "listed-tables (built in)");
  } else if (packaged) {
    parties = WithListedParties(*lexicon, PackagedListedJson(), "listed-lexicon.json");
  } else {
    return lexicon;
  }
  *list_date = parties.list_date;
  return parties.lexicon;
}

int RunScan(const ScanOptions& options) {
  MatcherOptions matcher_options;
  for (const std::string& name : options.categories) {
    auto category = ParseCategory(name);
    if (!category) throw UsageError("--category: unknown category '" + name + "'");
    matcher_options.categories.push_back(*category);
  }
  std::string list_date;
  auto lexicon = WithListed(
      options.lexicon_path.empty() ? Lexicon::BuiltIn() : Lexicon::FromFile(options.lexicon_path),
      options, matcher_options.categories, &list_date);
  const Matcher matcher(lexicon, matcher_options);

  Inputs inputs = GatherInputs(options.paths);
  for (const auto& error : inputs.errors) std::cerr << "chiplight: " << Printable(error) << "\n";
  const Style style{options.format == "text" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR")};
  const ScanSettings settings(matcher, options.format, options.summary, style, list_date);
  const bool progress = isatty(STDERR_FILENO) && inputs.files.size() > 20;

  if (options.format == "csv") {
    std::string category_columns;
    for (Category c : kAllCategories) category_columns += std::string(CategoryName(c)) + ",";
    std::cout << (options.summary ? "file,verdict," + category_columns + "evidence,note\n"
                                  : "file,start,end,text,id,category,label,page\n");
  }
  std::cout.flush();

  const size_t count = inputs.files.size();
  std::vector<std::vector<SummaryRow>> rows(count);  // each input's, for the text table
  std::vector<Skipped> skipped(count);
  const unsigned jobs = options.jobs ? options.jobs : OrderedWork::DefaultJobs();
  OrderedWork work(count, jobs);

  auto work_on = [&](size_t index, OrderedWork::Sink& sink) {
    ReadInput(inputs.files[index], options.block_bytes, sink, skipped[index],
              [&](const InputDocument& doc) {
                DocumentWriter writer(settings, sink, doc, &rows[index]);
                if (doc.streamed) {
                  ScanInBlocks(matcher, doc.text, options.block_bytes,
                               [&](const std::vector<Match>& matches, size_t done_before) {
                                 writer.Add(matches);
                                 doc.release_before(done_before);
                               });
                } else {
                  writer.Add(matcher.Scan(doc.text));
                }
                writer.Finish();
              });
  };

  Skipped total;
  total.formats = inputs.skipped_formats;
  std::vector<SummaryRow> table;
  const auto started = std::chrono::steady_clock::now();
  auto last_progress = started - std::chrono::seconds(1);
  bool progress_shown = false;
  auto emit = [&](size_t index, const std::string& out, const std::string& err, bool done) {
    if (!err.empty()) {
      if (progress_shown) std::fputs("\r\033[K", stderr);
      progress_shown = false;
      std::fwrite(err.data(), 1, err.size(), stderr);
    }
    if (!out.empty()) std::fwrite(out.data(), 1, out.size(), stdout);
    if (!done) return;
    total.Add(skipped[index]);
    for (auto& row : rows[index]) table.push_back(std::move(row));
    rows[index].clear();
    const auto now = std::chrono::steady_clock::now();
    if (progress && (now - last_progress > std::chrono::milliseconds(100) || index + 1 == count)) {
      last_progress = now;
      const double elapsed = std::chrono::duration<double>(now - started).count();
      const double rate = elapsed > 0 ? static_cast<double>(index + 1) / elapsed : 0;
      std::fflush(stdout);
      std::fprintf(stderr, "\r\033[Kscanning %zu/%zu files, %.0f files/s, ETA %s", index + 1, count,
                   rate,
                   rate > 0 ? Clock(static_cast<double>(count - index - 1) / rate).c_str() : "?");
      std::fflush(stderr);
      progress_shown = true;
    }
  };
  work.Run(work_on, emit);
  if (progress_shown) std::fputs("\r\033[K", stderr);
  if (options.summary && options.format == "text") PrintSummaryText(table, style);
  if (!list_date.empty() && options.format == "text") {
    std::cout << "listed parties: Entity List and Military End-User list as of " << list_date
              << (options.listed_file.empty() ? " (the packaged copy)"
                                              : " (" + Printable(options.listed_file) + ")")
              << "\n";
  }
  std::cout.flush();
  std::fflush(stdout);
  // A scan of folders says what it passed over, and why (named files have their own lines).
  if (total.Any() && inputs.folders) {
    const std::string described = total.Describe();
    std::fwrite(described.data(), 1, described.size(), stderr);
  }
  const bool failed =
      !inputs.errors.empty() || total.unreadable > 0 || !total.notes.empty() || work.failures() > 0;
  return failed ? kBadInput : kOk;
}

}  // namespace chiplight::cli
