# Writes a C++ source that defines `std::string_view ${FUNCTION}()` returning the bytes of ${INPUT}.
# Run as `cmake -DINPUT=... -DOUTPUT=... -DFUNCTION=... -DNAMESPACE=... -P EmbedFile.cmake`, so the
# data is embedded at build time and rebuilt whenever the file changes.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
# Break the initializer into lines of 16 bytes so compilers and editors stay happy.
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedFile.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace ${NAMESPACE} {\n"
  "namespace {\n"
  "constexpr char kData[] = {\n${bytes}'\\0'};\n"
  "}  // namespace\n"
  "std::string_view ${FUNCTION}() { return {kData, ${size}}; }\n"
  "}  // namespace ${NAMESPACE}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
