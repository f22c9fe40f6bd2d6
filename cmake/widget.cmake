# The embeddable widget for news sites (web/widget/): dist/widget/, made by web/widget/build.mjs
# (esbuild) from the highlighter, the matcher's ES module and the widget's module without the
# lexicon's text (dist/chiplight-widget.wasm). The build fails when what the widget loads before a
# card opens passes 250 KB gzipped. docs/widget.md.
if(NOT TARGET wasm)
  return()
endif()
file(GLOB_RECURSE chiplight_widget_inputs CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/web/widget/*" "${PROJECT_SOURCE_DIR}/web/highlighter/*")
set(CHIPLIGHT_WIDGET_DIR "${CHIPLIGHT_DIST_DIR}/widget")
set(chiplight_widget_stamp "${CHIPLIGHT_WIDGET_DIR}/sizes.json")
add_custom_command(
  OUTPUT "${chiplight_widget_stamp}" "${CHIPLIGHT_WIDGET_DIR}/widget.js"
  COMMAND "${CHIPLIGHT_NODE}" "${PROJECT_SOURCE_DIR}/web/widget/build.mjs"
          --dist "${CHIPLIGHT_DIST_DIR}" --out "${CHIPLIGHT_WIDGET_DIR}"
  DEPENDS ${chiplight_widget_inputs} "${PROJECT_SOURCE_DIR}/web/build-highlighter.mjs"
          "${CHIPLIGHT_DIST_DIR}/chiplight.mjs" "${CHIPLIGHT_DIST_DIR}/chiplight-widget.wasm"
          "${PROJECT_SOURCE_DIR}/core/data/lexicon.json" "${PROJECT_SOURCE_DIR}/core/data/html-blocks.json"
          "${PROJECT_SOURCE_DIR}/package-lock.json"
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Building the widget (dist/widget/) and checking its first-load weight"
  VERBATIM)
add_custom_target(widget ALL DEPENDS "${chiplight_widget_stamp}")
add_dependencies(widget wasm)
