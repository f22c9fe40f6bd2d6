// The byte format of the stored tables (core/src/byte_io.h).
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "byte_io.h"

using namespace chiplight;

TEST_CASE("what ByteWriter writes, ByteReader reads back", "[byte_io]") {
  ByteWriter out;
  out.Number(0);
  out.Number(127);
  out.Number(128);
  out.Number(UINT64_MAX);
  out.Byte(0xFE);
  out.Text("héllo");
  out.Texts({"a", "", "bc"});
  out.Raw("tag");
  const std::string bytes = out.Take();
  ByteReader in(bytes);
  CHECK(in.Number() == 0);
  CHECK(in.Number() == 127);
  CHECK(in.Number() == 128);
  CHECK(in.Number() == UINT64_MAX);
  CHECK(in.Byte() == 0xFE);
  CHECK(in.Text() == "héllo");
  CHECK(in.Texts() == std::vector<std::string>{"a", "", "bc"});
  CHECK(in.Raw(3) == "tag");
  CHECK(in.ok());
  CHECK(in.AtEnd());
}

TEST_CASE("numbers take 7 bits a byte, low first", "[byte_io]") {
  ByteWriter out;
  out.Number(300);
  CHECK(out.Take() == std::string("\xAC\x02", 2));
}

TEST_CASE("reading past the end fails once, and every later read is empty", "[byte_io]") {
  ByteWriter out;
  out.Text("abc");
  std::string bytes = out.Take();
  bytes.pop_back();  // cut inside the text
  ByteReader in(bytes);
  CHECK(in.Text().empty());
  CHECK(!in.ok());
  CHECK(in.Number() == 0);
  CHECK(in.Byte() == 0);
  CHECK(!in.ok());
}

TEST_CASE("a count larger than the bytes left is refused", "[byte_io]") {
  ByteWriter out;
  out.Number(1000);  // "1000 texts follow", but nothing does
  const std::string bytes = out.Take();
  ByteReader in(bytes);
  CHECK(in.Count() == 0);
  CHECK(!in.ok());
  // A number of more than 64 bits.
  const std::string too_long(11, '\xFF');  // the reader keeps a view: the bytes must outlive it
  ByteReader endless(too_long);
  endless.Number();
  CHECK(!endless.ok());
}
