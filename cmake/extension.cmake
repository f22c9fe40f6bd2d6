# The browser extension (web/extension/): unpacked builds in dist/extension/{chrome,firefox}/ and
# store zips beside them, made by web/extension/build.mjs (esbuild) from the classic matcher
# build (dist/chiplight.js), the packaged listed parties with their stored tables
# (dist/chiplight-listed.json, dist/chiplight-listed-tables.bin) and the page highlighter. docs/extension.md.
if(NOT TARGET wasm)
  return()
endif()
file(GLOB_RECURSE chiplight_extension_inputs CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/web/extension/*" "${PROJECT_SOURCE_DIR}/web/highlighter/*")
file(READ "${PROJECT_SOURCE_DIR}/package.json" chiplight_package_json)
string(JSON chiplight_package_version GET "${chiplight_package_json}" version)
set(CHIPLIGHT_EXTENSION_DIR "${CHIPLIGHT_DIST_DIR}/extension")
set(chiplight_extension_zips
    "${CHIPLIGHT_EXTENSION_DIR}/chiplight-${chiplight_package_version}-chrome.zip"
    "${CHIPLIGHT_EXTENSION_DIR}/chiplight-${chiplight_package_version}-firefox.zip")
add_custom_command(
  OUTPUT ${chiplight_extension_zips}
  COMMAND "${CHIPLIGHT_NODE}" "${PROJECT_SOURCE_DIR}/web/extension/build.mjs"
          --dist "${CHIPLIGHT_DIST_DIR}" --out "${CHIPLIGHT_EXTENSION_DIR}"
  DEPENDS ${chiplight_extension_inputs} "${CHIPLIGHT_DIST_DIR}/chiplight.js"
          "${CHIPLIGHT_DIST_DIR}/chiplight-listed.json" "${CHIPLIGHT_DIST_DIR}/chiplight-listed-tables.bin"
          "${PROJECT_SOURCE_DIR}/package.json" "${PROJECT_SOURCE_DIR}/package-lock.json"
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Building the browser extension (dist/extension/)"
  VERBATIM)
add_custom_target(extension ALL DEPENDS ${chiplight_extension_zips})
add_dependencies(extension wasm listed_dist)
