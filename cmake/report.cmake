# The report `chiplight report` writes is one HTML file: its template (web/report/, the page
# highlighter and the WebAssembly matcher, put together by web/build-report.mjs) is embedded into
# the chiplight binary (cli/report_template.cc), so the command works anywhere the binary is.
# Without the WebAssembly module the template is empty and `chiplight report` says why.
set(chiplight_report_template "${PROJECT_BINARY_DIR}/report/report-template.html")
if(TARGET wasm)
  file(GLOB_RECURSE chiplight_report_inputs CONFIGURE_DEPENDS
       "${PROJECT_SOURCE_DIR}/web/report/*" "${PROJECT_SOURCE_DIR}/web/highlighter/*")
  add_custom_command(
    OUTPUT "${chiplight_report_template}"
    COMMAND "${CHIPLIGHT_NODE}" "${PROJECT_SOURCE_DIR}/web/build-report.mjs"
            --matcher "${CHIPLIGHT_DIST_DIR}/chiplight.js" --out "${chiplight_report_template}"
    DEPENDS ${chiplight_report_inputs} "${PROJECT_SOURCE_DIR}/web/build-report.mjs"
            "${PROJECT_SOURCE_DIR}/core/data/html-blocks.json" "${CHIPLIGHT_DIST_DIR}/chiplight.js"
            "${PROJECT_SOURCE_DIR}/package-lock.json"
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    COMMENT "Building the report template (web/report/, embedded into chiplight)"
    VERBATIM)
  add_custom_target(report_template DEPENDS "${chiplight_report_template}")
  add_dependencies(report_template wasm)
  add_dependencies(chiplight report_template)
else()
  file(WRITE "${chiplight_report_template}" "")
endif()
target_sources(chiplight PRIVATE "${PROJECT_SOURCE_DIR}/cli/report_template.cc")
# Source properties belong to a directory: the one that made the target.
set_source_files_properties("${PROJECT_SOURCE_DIR}/cli/report_template.cc" TARGET_DIRECTORY chiplight PROPERTIES
  OBJECT_DEPENDS "${chiplight_report_template}"
  COMPILE_DEFINITIONS "CHIPLIGHT_REPORT_TEMPLATE=\"${chiplight_report_template}\"")
