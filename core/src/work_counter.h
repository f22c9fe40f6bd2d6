// Internal: a count of the bytes every search of a scan is given to read, for the tests and the
// benchmark that prove matching linear by counting work rather than timing it
// (tests/core/linearity_test.cc, bench/linearity_bench.cc). Nothing counts unless a WorkCounter
// lives on the scanning thread: in a release scan each search costs one thread-local load and a
// branch that is never taken.
#ifndef CHIPLIGHT_WORK_COUNTER_H_
#define CHIPLIGHT_WORK_COUNTER_H_

#include <cstddef>
#include <cstdint>

namespace chiplight {

class WorkCounter {
 public:
  // From now until this is destroyed, every search on this thread adds what it was given.
  WorkCounter() : outer_(sink_) { sink_ = &bytes_; }
  ~WorkCounter() { sink_ = outer_; }
  WorkCounter(const WorkCounter&) = delete;
  WorkCounter& operator=(const WorkCounter&) = delete;

  uint64_t bytes() const { return bytes_; }

  // A search was given `bytes` bytes of text to read (what it may examine: an RE2 search from
  // its start to its end position, the automaton's pass over a range, a name compared).
  static void Add(size_t bytes) {
    if (sink_ != nullptr) *sink_ += bytes;
  }

 private:
  uint64_t bytes_ = 0;
  uint64_t* outer_;
  static inline thread_local uint64_t* sink_ = nullptr;
};

}  // namespace chiplight

#endif  // CHIPLIGHT_WORK_COUNTER_H_
