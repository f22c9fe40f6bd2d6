// What the build's table generators (builtin_tables.cc, listed_tables.cc) share: writing bytes
// as C++ source.
#ifndef CHIPLIGHT_TOOLS_CPP_LITERAL_H_
#define CHIPLIGHT_TOOLS_CPP_LITERAL_H_

#include <cstdio>
#include <string>

namespace chiplight::tools {

// A C++ string literal for any bytes: octal escapes never run into the next character.
inline std::string Literal(const std::string& bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ') {
      out += static_cast<char>(c);
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\%03o", c);
      out += buffer;
    }
  }
  return out + "\"";
}

}  // namespace chiplight::tools

#endif  // CHIPLIGHT_TOOLS_CPP_LITERAL_H_
