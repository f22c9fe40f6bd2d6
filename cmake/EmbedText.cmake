# Writes a C++ source that defines `std::string_view ${FUNCTION}()` returning the text of ${INPUT}
# as a raw string literal. For large UTF-8 text files (the listed parties, megabytes), where
# EmbedFile.cmake's byte-by-byte hex initializer is slow to generate and to compile.
# Run as `cmake -DINPUT=... -DOUTPUT=... -DFUNCTION=... -DNAMESPACE=... -P EmbedText.cmake`.
file(READ "${INPUT}" text)
set(delimiter "chiplight_embed")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string's delimiter")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedText.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "// Megabytes in one literal: GCC and clang take it; the standard only promises 65,536\n"
  "// characters, which clang's -Wpedantic reports (the fuzz and sanitizer builds).\n"
  "#pragma GCC diagnostic ignored \"-Woverlength-strings\"\n"
  "namespace ${NAMESPACE} {\n"
  "namespace {\n"
  "const char kData[] = R\"${delimiter}(${text})${delimiter}\";\n"
  "}  // namespace\n"
  "std::string_view ${FUNCTION}() { return {kData, sizeof kData - 1}; }\n"
  "}  // namespace ${NAMESPACE}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
