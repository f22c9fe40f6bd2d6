# The page highlighter's single-file builds (dist/chiplight-highlighter.{js,mjs}) and the offline
# demo (dist/demo/), made from web/ by web/build-demo.mjs (esbuild) after the WebAssembly module.
if(NOT TARGET wasm)
  return()
endif()
file(GLOB_RECURSE chiplight_web_inputs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/web/*")
set(chiplight_demo_page "${CHIPLIGHT_DIST_DIR}/demo/index.html")
add_custom_command(
  OUTPUT "${chiplight_demo_page}"
  COMMAND "${CHIPLIGHT_NODE}" "${PROJECT_SOURCE_DIR}/web/build-demo.mjs"
  BYPRODUCTS "${CHIPLIGHT_DIST_DIR}/chiplight-highlighter.js"
             "${CHIPLIGHT_DIST_DIR}/chiplight-highlighter.mjs"
  DEPENDS ${chiplight_web_inputs} "${CHIPLIGHT_DIST_DIR}/chiplight.js"
          "${PROJECT_SOURCE_DIR}/package-lock.json"
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Building the highlighter and the demo page (dist/demo/)"
  VERBATIM)
add_custom_target(demo ALL DEPENDS "${chiplight_demo_page}")
add_dependencies(demo wasm)
