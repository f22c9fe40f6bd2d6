// Replaces RE2's util/logging.h in the WebAssembly build only (wasm/CMakeLists.txt puts this folder
// first on RE2's include path). RE2 logs through std::ostringstream, which links libc++'s
// iostreams and locales into the module (~150 KB) for messages nobody reads in a browser: here
// logging is a no-op sink. CHECK and LOG(FATAL) still abort, as in RE2.
#ifndef UTIL_LOGGING_H_
#define UTIL_LOGGING_H_

#include <assert.h>
#include <stdlib.h>

#include "util/util.h"

#define DCHECK(condition) assert(condition)
#define DCHECK_EQ(val1, val2) assert((val1) == (val2))
#define DCHECK_NE(val1, val2) assert((val1) != (val2))
#define DCHECK_LE(val1, val2) assert((val1) <= (val2))
#define DCHECK_LT(val1, val2) assert((val1) < (val2))
#define DCHECK_GE(val1, val2) assert((val1) >= (val2))
#define DCHECK_GT(val1, val2) assert((val1) > (val2))

#define CHECK(x) \
  if (x) {       \
  } else         \
    LogMessageFatal(__FILE__, __LINE__).stream() << "Check failed: " #x
#define CHECK_LT(x, y) CHECK((x) < (y))
#define CHECK_GT(x, y) CHECK((x) > (y))
#define CHECK_LE(x, y) CHECK((x) <= (y))
#define CHECK_GE(x, y) CHECK((x) >= (y))
#define CHECK_EQ(x, y) CHECK((x) == (y))
#define CHECK_NE(x, y) CHECK((x) != (y))

#define LOG_INFO LogMessage(__FILE__, __LINE__)
#define LOG_WARNING LogMessage(__FILE__, __LINE__)
#define LOG_ERROR LogMessage(__FILE__, __LINE__)
#define LOG_FATAL LogMessageFatal(__FILE__, __LINE__)
#define LOG_QFATAL LOG_FATAL
#ifdef NDEBUG
#define LOG_DFATAL LOG_ERROR
#else
#define LOG_DFATAL LOG_FATAL
#endif

#define LOG(severity) LOG_##severity.stream()
#define VLOG(x)  \
  if ((x) > 0) { \
  } else         \
    LOG_INFO.stream()

class LogSink {
 public:
  template <typename T>
  LogSink& operator<<(const T&) {
    return *this;
  }
};

class LogMessage {
 public:
  LogMessage(const char*, int) {}
  LogSink& stream() { return sink_; }

 private:
  LogSink sink_;
  LogMessage(const LogMessage&) = delete;
  LogMessage& operator=(const LogMessage&) = delete;
};

class LogMessageFatal : public LogMessage {
 public:
  LogMessageFatal(const char* file, int line) : LogMessage(file, line) {}
  ATTRIBUTE_NORETURN ~LogMessageFatal() { abort(); }
};

#endif  // UTIL_LOGGING_H_
