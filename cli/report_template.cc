// The report page's template (web/build-report.mjs: the page, its styles, the highlighter and
// the WebAssembly matcher), embedded at build time so that `chiplight report` needs nothing but
// the binary. The assembler includes the file as it is: a megabyte as a C++ array initialiser
// would cost the compiler far more. CHIPLIGHT_REPORT_TEMPLATE is its path (cmake/report.cmake;
// an empty file when the build has no WebAssembly module).
#include <string_view>

__asm__(
    ".section .rodata\n"
    ".balign 16\n"
    "chiplight_report_template_begin:\n"
    ".incbin \"" CHIPLIGHT_REPORT_TEMPLATE
    "\"\n"
    "chiplight_report_template_end:\n"
    ".byte 0\n"
    ".previous\n");

extern "C" const char chiplight_report_template_begin[];
extern "C" const char chiplight_report_template_end[];

namespace chiplight::cli {

std::string_view ReportTemplate() {
  return {chiplight_report_template_begin,
          static_cast<size_t>(chiplight_report_template_end - chiplight_report_template_begin)};
}

}  // namespace chiplight::cli
