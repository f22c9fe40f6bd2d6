// Work on many inputs on several threads, its output written in the inputs' order: a folder of
// thousands of files is scanned on every core and prints exactly what one thread would.
#ifndef CHIPLIGHT_CLI_ORDERED_WORK_H_
#define CHIPLIGHT_CLI_ORDERED_WORK_H_

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace chiplight::cli {

class OrderedWork {
 public:
  // Where one input's work writes. The input whose output is being printed is drained as it
  // writes; any input waits when it has more than `max_pending_bytes` unprinted (one ahead of
  // the printed one until its turn), so memory stays bounded whatever the inputs and however
  // slowly the output is read.
  class Sink {
   public:
    void Out(std::string_view text);
    void Err(std::string_view text);

   private:
    friend class OrderedWork;
    Sink(OrderedWork* work, size_t index) : work_(work), index_(index) {}
    void Write(std::string_view text, bool to_err);
    OrderedWork* work_;
    size_t index_;
  };

  // Runs `work(index, sink)` for every index in [0, count) on `jobs` threads (at least one);
  // on the calling thread, `emit(index, out, err, done)` receives each input's output in order
  // of index, in pieces as it comes, `done` on its last piece. An exception from `work` is
  // written to that input's error output as "chiplight: what" and counted in failures().
  using Work = std::function<void(size_t index, Sink& sink)>;
  using Emit =
      std::function<void(size_t index, const std::string& out, const std::string& err, bool done)>;
  OrderedWork(size_t count, unsigned jobs, size_t max_pending_bytes = size_t{8} << 20);
  void Run(const Work& work, const Emit& emit);
  size_t failures() const { return failures_; }

  // The hardware threads, at least 1.
  static unsigned DefaultJobs();

 private:
  struct Unit {
    std::string out, err;
    bool done = false;
  };
  void Worker(const Work& work);

  const size_t count_;
  const unsigned jobs_;
  const size_t max_pending_bytes_;
  // Inputs started at most this far ahead of the one being printed: finished ones wait with
  // their output in memory.
  const size_t window_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Unit> units_;
  size_t next_ = 0;  // the next input to start
  size_t head_ = 0;  // the input being printed
  size_t failures_ = 0;
};

}  // namespace chiplight::cli

#endif  // CHIPLIGHT_CLI_ORDERED_WORK_H_
