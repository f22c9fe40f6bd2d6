#include "ordered_work.h"

#include <algorithm>
#include <exception>
#include <thread>

#include "output.h"

namespace chiplight::cli {

OrderedWork::OrderedWork(size_t count, unsigned jobs, size_t max_pending_bytes)
    : count_(count),
      jobs_(std::max(1u, jobs)),
      max_pending_bytes_(max_pending_bytes),
      window_(std::max<size_t>(16, 4 * static_cast<size_t>(std::max(1u, jobs)))),
      units_(count) {}

unsigned OrderedWork::DefaultJobs() { return std::max(1u, std::thread::hardware_concurrency()); }

void OrderedWork::Sink::Out(std::string_view text) { Write(text, false); }
void OrderedWork::Sink::Err(std::string_view text) { Write(text, true); }

void OrderedWork::Sink::Write(std::string_view text, bool to_err) {
  if (text.empty()) return;
  std::unique_lock<std::mutex> lock(work_->mutex_);
  Unit& unit = work_->units_[index_];
  (to_err ? unit.err : unit.out).append(text);
  work_->changed_.notify_all();
  // Much unprinted: wait until the printer has taken it (ahead of the input being printed, until
  // our turn comes). The printer waits for nothing but the input it prints, which it drains as
  // soon as there is anything, so this can't deadlock; and a slow reader of the output (a pipe)
  // holds the scan back instead of letting its output pile up.
  work_->changed_.wait(
      lock, [&] { return unit.out.size() + unit.err.size() <= work_->max_pending_bytes_; });
}

void OrderedWork::Worker(const Work& work) {
  for (;;) {
    size_t index;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return next_ >= count_ || next_ < head_ + window_; });
      if (next_ >= count_) return;
      index = next_++;
    }
    Sink sink(this, index);
    std::string failure;
    try {
      work(index, sink);
    } catch (const std::exception& error) {
      failure = error.what();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (!failure.empty()) {
      units_[index].err += "chiplight: " + Printable(failure) + "\n";
      ++failures_;
    }
    units_[index].done = true;
    changed_.notify_all();
  }
}

void OrderedWork::Run(const Work& work, const Emit& emit) {
  std::vector<std::thread> threads;
  const unsigned threads_needed = static_cast<unsigned>(std::min<size_t>(jobs_, count_));
  for (unsigned i = 0; i < threads_needed; ++i) threads.emplace_back([&] { Worker(work); });
  std::string out, err;
  for (size_t index = 0; index < count_; ++index) {
    for (;;) {
      bool done;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        Unit& unit = units_[index];
        changed_.wait(lock, [&] { return unit.done || !unit.out.empty() || !unit.err.empty(); });
        out.clear();
        err.clear();
        out.swap(unit.out);
        err.swap(unit.err);
        done = unit.done;
        if (done) {
          unit.out.shrink_to_fit();
          unit.err.shrink_to_fit();
        }
        // A writer waiting for room may go on now.
        changed_.notify_all();
      }
      emit(index, out, err, done);
      if (done) break;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    head_ = index + 1;
    changed_.notify_all();
  }
  for (auto& thread : threads) thread.join();
}

}  // namespace chiplight::cli
