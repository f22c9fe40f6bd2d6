// libc's memchr for the WebAssembly module, 16 bytes at a time with SIMD. The core's full-width
// scan (FoldedText) and RE2's literal prefix search call it on whole texts; musl's
// word-at-a-time version was the slower part of a Chinese scan. Defining it here keeps libc's
// out of the link (wasm/CMakeLists.txt builds this file with -msimd128).
#include <wasm_simd128.h>

#include <cstddef>
#include <cstdint>

extern "C" {

void* memchr(const void* source, int c, size_t n) {
  const unsigned char* p = static_cast<const unsigned char*>(source);
  const unsigned char byte = static_cast<unsigned char>(c);
  size_t i = 0;
  if (n >= 16) {
    const v128_t needle = wasm_u8x16_splat(byte);
    for (; i + 16 <= n; i += 16) {
      const uint32_t mask = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p + i), needle));
      if (mask != 0) return const_cast<unsigned char*>(p + i + __builtin_ctz(mask));
    }
  }
  for (; i < n; ++i) {
    if (p[i] == byte) return const_cast<unsigned char*>(p + i);
  }
  return nullptr;
}

}  // extern "C"
