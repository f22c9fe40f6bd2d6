#include "readers/pdf.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include "chiplight/text.h"

namespace chiplight::cli::readers {
namespace {

// Poppler reports every syntax problem of a damaged file on stderr; the note says it once.
void IgnorePopplerError(const std::string& /*message*/, void* /*closure*/) {}

// Cuts `text` to at most `size` bytes without splitting a UTF-8 sequence.
void CutUtf8(std::string& text, size_t size) {
  while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
  text.resize(size);
}

// Poppler separates the blocks it finds on a page (a running header, a column, a table cell)
// by a blank line; those become block ends, so that names never run from one into the next.
// Form feeds (page ends) go.
std::string BlankLinesToBlockEnds(const std::string& page) {
  std::string out;
  out.reserve(page.size());
  for (size_t i = 0; i < page.size(); ++i) {
    const char c = page[i];
    if (c == '\f') continue;
    if (c != '\n') {
      out += c;
      continue;
    }
    size_t next = i + 1;
    bool blank = false;
    for (size_t j = next; j < page.size(); ++j) {
      if (page[j] == '\n') {
        blank = true;
        next = j + 1;
      } else if (page[j] != ' ' && page[j] != '\t' && page[j] != '\r' && page[j] != '\f') {
        break;
      }
    }
    if (!blank) {
      out += '\n';
      continue;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == '\r')) {
      out.pop_back();
    }
    EndBlock(out);
    i = next - 1;
  }
  return out;
}

bool HasEndOfFileMarker(std::string_view bytes) {
  const std::string_view tail = bytes.substr(bytes.size() - std::min<size_t>(bytes.size(), 1024));
  return tail.find("%%EOF") != std::string_view::npos;
}

bool LooksLikePdfHeader(std::string_view bytes) {
  // Readers accept the header anywhere in the first KiB; files start with it in practice.
  return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

// Poppler, in this process.
Extracted ReadPdfHere(std::string_view bytes, const Limits& limits) {
  Extracted out;
  poppler::set_debug_error_function(IgnorePopplerError, nullptr);
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    out.note = "PDF larger than poppler reads (" + SizeText(bytes.size()) + "); not read";
    return out;
  }
  if (!LooksLikePdfHeader(bytes)) {
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
    text = BlankLinesToBlockEnds(text);
    if (text.find_first_not_of(" \t\r\n") != std::string::npos) any_text = true;
    if (out.text.size() + text.size() > limits.max_text_bytes) {
      CutUtf8(text, limits.max_text_bytes - out.text.size());
      cut = true;
    }
    out.text += text;
    // A running header or a name never joins the next page's text: the page's last line break
    // becomes a block end.
    if (!cut) {
      constexpr std::string_view kSeparator = chiplight::kBlockSeparator;
      for (std::string& text = out.text; text.size() > out.page_starts.back();) {
        if (text.back() == '\n' || text.back() == ' ' || text.back() == '\r') {
          text.pop_back();
        } else if (std::string_view(text).substr(text.size() - std::min(text.size(), size_t{3})) ==
                   kSeparator) {
          text.resize(text.size() - kSeparator.size());
        } else {
          break;
        }
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

// The child's result on the pipe: the note, the page offsets, the text, each after its size.
void Put(std::string& wire, std::uint64_t value) {
  wire.append(reinterpret_cast<const char*>(&value), sizeof value);
}

bool Get(std::string_view& wire, std::uint64_t* value) {
  if (wire.size() < sizeof *value) return false;
  std::memcpy(value, wire.data(), sizeof *value);
  wire.remove_prefix(sizeof *value);
  return true;
}

bool GetString(std::string_view& wire, std::string* out) {
  std::uint64_t size = 0;
  if (!Get(wire, &size) || wire.size() < size) return false;
  out->assign(wire.substr(0, size));
  wire.remove_prefix(size);
  return true;
}

bool Decode(std::string_view wire, Extracted* out) {
  std::uint64_t pages = 0;
  if (!GetString(wire, &out->note) || !Get(wire, &pages) || pages > wire.size() / 8) return false;
  for (std::uint64_t i = 0; i < pages; ++i) {
    std::uint64_t start = 0;
    Get(wire, &start);
    out->page_starts.push_back(start);
  }
  return GetString(wire, &out->text) && wire.empty();
}

// Whole reads and writes on the worker's socket; false when the other end is gone.
bool SendAll(int fd, const void* data, size_t size) {
  const char* at = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = send(fd, at, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    at += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Reads `size` bytes by `deadline`; *timed_out tells a late worker from a dead one.
bool ReceiveAll(int fd, void* data, size_t size, std::chrono::steady_clock::time_point deadline,
                bool* timed_out) {
  char* at = static_cast<char*>(data);
  while (size > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    pollfd ready{fd, POLLIN, 0};
    const int wait = static_cast<int>(std::clamp<std::int64_t>(left, 0, INT_MAX));
    const int polled = wait > 0 ? poll(&ready, 1, wait) : 0;
    if (polled < 0 && errno == EINTR) continue;
    if (polled == 0 && timed_out != nullptr) *timed_out = true;
    if (polled <= 0) return false;
    const ssize_t n = read(fd, at, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    at += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool ReadAll(int fd, void* data, size_t size) {
  return ReceiveAll(fd, data, size, std::chrono::steady_clock::time_point::max(), nullptr);
}

// How a PDF worker process is told what it is: this variable holds its memory limit in bytes,
// and its socket is fd kWorkerFd.
constexpr char kWorkerEnvironment[] = "CHIPLIGHT_PDF_WORKER";
constexpr int kWorkerFd = 3;

// The worker: requests (the PDF's size, the text and page limits, the PDF) in, results out,
// until the parent closes the socket.
[[noreturn]] void RunWorker(int fd, std::uint64_t memory_bytes) {
  // A crash ends the worker plainly, whatever handlers the parent installed.
  for (int signal_number : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGPIPE}) {
    ::signal(signal_number, SIG_DFL);
  }
  // Poppler's last words ("Out of memory") would garble the scan's output; the note says it.
  const int null_fd = open("/dev/null", O_WRONLY);
  if (null_fd >= 0) dup2(null_fd, STDERR_FILENO);
  rlimit memory{memory_bytes, memory_bytes};
  setrlimit(RLIMIT_AS, &memory);
  poppler::set_debug_error_function(IgnorePopplerError, nullptr);
  try {
    for (;;) {
      std::uint64_t header[3];  // PDF size, max_text_bytes, max_pdf_pages
      if (!ReadAll(fd, header, sizeof header)) _exit(0);
      std::string pdf(header[0], '\0');
      if (!ReadAll(fd, pdf.data(), pdf.size())) _exit(0);
      Limits limits;
      limits.max_text_bytes = header[1];
      limits.max_pdf_pages = static_cast<int>(header[2]);
      Extracted result = ReadPdfHere(pdf, limits);
      std::string wire;
      Put(wire, 0);  // the size, filled in below
      Put(wire, result.note.size());
      wire += result.note;
      Put(wire, result.page_starts.size());
      for (size_t start : result.page_starts) Put(wire, start);
      Put(wire, result.text.size());
      wire += result.text;
      const std::uint64_t size = wire.size() - sizeof size;
      std::memcpy(wire.data(), &size, sizeof size);
      if (!SendAll(fd, wire.data(), wire.size())) _exit(0);
    }
  } catch (const std::bad_alloc&) {
    _exit(3);
  } catch (...) {
    _exit(4);
  }
}

// One poppler process reused for every PDF a thread reads (a process per PDF cost 12 times the
// CPU), started again after a crash, a timeout or a change of memory limit.
class PdfWorker {
 public:
  ~PdfWorker() { Stop(false); }

  // The worker's result, or a note on why there is none.
  Extracted Read(std::string_view bytes, const Limits& limits) {
    if (pid_ > 0 && memory_bytes_ != limits.pdf_memory_bytes) Stop(false);
    if (pid_ <= 0 && !Start(limits.pdf_memory_bytes)) return ReadPdfHere(bytes, limits);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(limits.pdf_seconds);
    const std::uint64_t header[3] = {bytes.size(), limits.max_text_bytes,
                                     static_cast<std::uint64_t>(limits.max_pdf_pages)};
    // An honest worker never sends more than the text, its page offsets and a note.
    const std::uint64_t max_wire =
        limits.max_text_bytes + (1u << 20) + static_cast<std::uint64_t>(limits.max_pdf_pages) * 8;
    bool timed_out = false;
    std::uint64_t size = 0;
    std::string wire;
    if (SendAll(fd_, header, sizeof header) && SendAll(fd_, bytes.data(), bytes.size()) &&
        ReceiveAll(fd_, &size, sizeof size, deadline, &timed_out) && size <= max_wire) {
      wire.resize(size);
      Extracted out;
      if (ReceiveAll(fd_, wire.data(), wire.size(), deadline, &timed_out) && Decode(wire, &out)) {
        return out;
      }
    }
    const int status = Stop(true);
    Extracted out;
    if (timed_out) {
      out.note = "the PDF reader took longer than " + std::to_string(limits.pdf_seconds) +
                 " s on this file (a hostile PDF?); not read";
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
      out.note = "the PDF needs more than " + SizeText(limits.pdf_memory_bytes) +
                 " of memory to read (a hostile PDF?); not read";
    } else {
      out.note = "the PDF reader failed on this file (" +
                 (WIFSIGNALED(status) ? std::string(strsignal(WTERMSIG(status)))
                                      : "exit " + std::to_string(WEXITSTATUS(status))) +
                 "; a damaged or hostile PDF?); not read";
    }
    return out;
  }

 private:
  // The worker is this program again, started afresh (posix_spawn of /proc/self/exe) and told by
  // kWorkerEnvironment to serve PDFs before main() (StartAsPdfWorkerIfAsked below). Not fork()
  // alone: scans run on several threads, and a forked child inherits every lock another thread
  // held at that moment (glibc's tzset lock, taken by lcms2 inside poppler, hung one in 30 scans
  // of a folder under load until the 120 s timeout).
  bool Start(std::uint64_t memory_bytes) {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // The worker's end as fd kWorkerFd (dup2 clears its close-on-exec flag); every other
    // descriptor, such as the other threads' workers' sockets, closed: a worker must see its
    // parent close its end.
    posix_spawn_file_actions_adddup2(&actions, fds[1], kWorkerFd);
    posix_spawn_file_actions_addclosefrom_np(&actions, kWorkerFd + 1);
    std::vector<std::string> variables;
    for (char** v = environ; *v != nullptr; ++v) {
      if (std::strncmp(*v, kWorkerEnvironment, sizeof kWorkerEnvironment - 1) != 0) {
        variables.emplace_back(*v);
      }
    }
    variables.push_back(std::string(kWorkerEnvironment) + "=" + std::to_string(memory_bytes));
    std::vector<char*> envp;
    for (std::string& v : variables) envp.push_back(v.data());
    envp.push_back(nullptr);
    char name[] = "chiplight-pdf-worker";
    char* argv[] = {name, nullptr};
    pid_t pid = -1;
    const int error = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (error != 0) {
      close(fds[0]);
      return false;
    }
    pid_ = pid;
    fd_ = fds[0];
    memory_bytes_ = memory_bytes;
    return true;
  }

  // Ends the worker (killing it first if asked) and returns how it ended.
  int Stop(bool kill_first) {
    if (pid_ <= 0) return 0;
    if (kill_first) kill(pid_, SIGKILL);
    close(fd_);  // a worker waiting for a request exits
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    fd_ = -1;
    return status;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  std::uint64_t memory_bytes_ = 0;
};

// Runs before main() in every program that links the PDF reader (the scanner, its tests): a
// process started by PdfWorker::Start serves PDFs and never reaches main().
[[gnu::constructor]] void StartAsPdfWorkerIfAsked() {
  const char* memory = std::getenv(kWorkerEnvironment);
  if (memory == nullptr) return;
  const std::uint64_t memory_bytes = std::strtoull(memory, nullptr, 10);
  unsetenv(kWorkerEnvironment);
  if (fcntl(kWorkerFd, F_GETFD) < 0 || memory_bytes == 0) _exit(5);
  RunWorker(kWorkerFd, memory_bytes);
}

}  // namespace

bool LooksLikePdf(std::string_view bytes) { return LooksLikePdfHeader(bytes); }

Extracted ReadPdf(std::string_view bytes, const Limits& limits) {
  // Poppler's global state (fonts, encodings) set up once, for the reading in this process that
  // is left when no worker can be started.
  static const bool warmed = [] {
    static const char kEmpty[] =
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]"
        "/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF";
    poppler::set_debug_error_function(IgnorePopplerError, nullptr);
    std::unique_ptr<poppler::document> pdf(
        poppler::document::load_from_raw_data(kEmpty, sizeof kEmpty - 1));
    return true;
  }();
  (void)warmed;
  // Workers wait in a pool between PDFs: each scanning thread takes one (starting another when
  // none is free), so PDFs are read in parallel, and a scan on one thread keeps reusing one.
  static std::mutex pool_mutex;
  static std::vector<std::unique_ptr<PdfWorker>> idle;
  std::unique_ptr<PdfWorker> worker;
  {
    std::lock_guard<std::mutex> lock(pool_mutex);
    if (!idle.empty()) {
      worker = std::move(idle.back());
      idle.pop_back();
    }
  }
  if (!worker) worker = std::make_unique<PdfWorker>();
  Extracted out = worker->Read(bytes, limits);
  std::lock_guard<std::mutex> lock(pool_mutex);
  idle.push_back(std::move(worker));
  return out;
}

}  // namespace chiplight::cli::readers
