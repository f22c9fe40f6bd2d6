// OrderedWork: inputs worked on by several threads, their output handed on in input order, and
// the output of inputs ahead of the printed one bounded.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ordered_work.h"

using chiplight::cli::OrderedWork;

namespace {

// What input `index` writes: `pieces` pieces of text naming it.
std::string Piece(size_t index, int piece) {
  return "input " + std::to_string(index) + " piece " + std::to_string(piece) + "\n";
}

}  // namespace

TEST_CASE("output comes in input order whatever order the threads finish in", "[ordered]") {
  constexpr size_t kInputs = 200;
  std::string expected;
  for (size_t i = 0; i < kInputs; ++i) {
    for (int p = 0; p < static_cast<int>(i % 7); ++p) expected += Piece(i, p);
  }
  OrderedWork work(kInputs, 4);
  std::string got, errors;
  std::vector<size_t> done_order;
  work.Run(
      [](size_t index, OrderedWork::Sink& sink) {
        // Early inputs do the most work, so later ones finish first.
        for (size_t spin = 0; spin < (kInputs - index) * 5; ++spin) std::this_thread::yield();
        for (int p = 0; p < static_cast<int>(index % 7); ++p) sink.Out(Piece(index, p));
        if (index % 50 == 0) sink.Err("note " + std::to_string(index) + "\n");
      },
      [&](size_t index, const std::string& out, const std::string& err, bool done) {
        got += out;
        errors += err;
        if (done) done_order.push_back(index);
      });
  CHECK(got == expected);
  CHECK(errors == "note 0\nnote 50\nnote 100\nnote 150\n");
  REQUIRE(done_order.size() == kInputs);
  CHECK(std::is_sorted(done_order.begin(), done_order.end()));
  CHECK(work.failures() == 0);
}

TEST_CASE("inputs hold a bounded amount of unprinted output - ahead of the printed one too",
          "[ordered]") {
  constexpr size_t kMaxPending = 1024, kPiece = 100, kPieces = 100;
  const std::string piece(kPiece - 1, 'x');
  // Four threads: the first input holds one until the three others have written up to the bound
  // (ten pieces each; the eleventh, which crosses it, returns only when their turn comes), so
  // they write ahead of it and must stop there.
  constexpr size_t kPiecesPastBound = 3 * (kMaxPending / kPiece);
  std::atomic<size_t> written_ahead{0};
  OrderedWork work(8, 4, kMaxPending);
  size_t largest_piece = 0, total = 0;
  work.Run(
      [&](size_t index, OrderedWork::Sink& sink) {
        if (index == 0) {
          while (written_ahead < kPiecesPastBound) std::this_thread::yield();
        }
        for (size_t p = 0; p < kPieces; ++p) {
          sink.Out(piece + "\n");
          if (index > 0) ++written_ahead;
        }
      },
      [&](size_t, const std::string& out, const std::string&, bool) {
        // What an input wrote before its turn arrives as its first piece; what the printed one
        // writes while the printer is busy, in the next.
        largest_piece = std::max(largest_piece, out.size());
        total += out.size();
      });
  CHECK(total == 8 * kPieces * kPiece);
  CHECK(written_ahead == 7 * kPieces);
  // A writer stops once past the bound: at most the bound and the piece that crossed it.
  CHECK(largest_piece > kMaxPending / 2);
  CHECK(largest_piece <= kMaxPending + kPiece);
}

TEST_CASE("an input whose work throws is one error line and the rest goes on", "[ordered]") {
  OrderedWork work(5, 2);
  std::string got, errors;
  work.Run(
      [](size_t index, OrderedWork::Sink& sink) {
        sink.Out(std::to_string(index));
        if (index == 2) throw std::runtime_error("file 2: out of memory");
      },
      [&](size_t, const std::string& out, const std::string& err, bool) {
        got += out;
        errors += err;
      });
  CHECK(got == "01234");
  CHECK(errors == "chiplight: file 2: out of memory\n");
  CHECK(work.failures() == 1);
}
