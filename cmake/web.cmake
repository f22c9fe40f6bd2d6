# The page highlighter's single-file builds (dist/chiplight-highlighter.{js,mjs}), made from
# web/highlighter/ by web/build-highlighter.mjs (esbuild), and the offline demo (dist/demo/),
# made by web/build-demo.mjs after the WebAssembly module.
if(NOT TARGET wasm)
  return()
endif()
file(GLOB_RECURSE chiplight_highlighter_inputs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/web/highlighter/*")
# The block rules shared with the scanner CLI, bundled into the highlighter.
list(APPEND chiplight_highlighter_inputs "${PROJECT_SOURCE_DIR}/core/data/html-blocks.json")
file(GLOB_RECURSE chiplight_demo_inputs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/web/demo/*")
set(chiplight_highlighter_script "${CHIPLIGHT_DIST_DIR}/chiplight-highlighter.js")
set(chiplight_demo_page "${CHIPLIGHT_DIST_DIR}/demo/index.html")
add_custom_command(
  OUTPUT "${chiplight_highlighter_script}" "${CHIPLIGHT_DIST_DIR}/chiplight-highlighter.mjs"
  COMMAND "${CHIPLIGHT_NODE}" "${PROJECT_SOURCE_DIR}/web/build-highlighter.mjs" --out "${CHIPLIGHT_DIST_DIR}"
  DEPENDS ${chiplight_highlighter_inputs} "${PROJECT_SOURCE_DIR}/web/build-highlighter.mjs"
          "${PROJECT_SOURCE_DIR}/package-lock.json"
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Building the page highlighter (dist/chiplight-highlighter.{js,mjs})"
  VERBATIM)
add_custom_target(highlighter ALL DEPENDS "${chiplight_highlighter_script}")
add_custom_command(
  OUTPUT "${chiplight_demo_page}"
  COMMAND "${CHIPLIGHT_NODE}" "${PROJECT_SOURCE_DIR}/web/build-demo.mjs"
          --matcher "${CHIPLIGHT_DIST_DIR}/chiplight.js" --out "${CHIPLIGHT_DIST_DIR}/demo"
  DEPENDS ${chiplight_highlighter_inputs} ${chiplight_demo_inputs}
          "${PROJECT_SOURCE_DIR}/web/build-highlighter.mjs" "${PROJECT_SOURCE_DIR}/web/build-demo.mjs"
          "${CHIPLIGHT_DIST_DIR}/chiplight.js" "${PROJECT_SOURCE_DIR}/package-lock.json"
          "${CHIPLIGHT_DIST_DIR}/chiplight-listed.json" "${CHIPLIGHT_DIST_DIR}/chiplight-listed-tables.bin"
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Building the demo page (dist/demo/)"
  VERBATIM)
add_custom_target(demo ALL DEPENDS "${chiplight_demo_page}")
add_dependencies(demo wasm listed_dist)
