# The WebAssembly module, built from the top-level (native) build: a target `wasm`, part of ALL, that
# configures wasm/ with emcmake into build/wasm, builds it and writes dist/chiplight.{mjs,wasm,js,d.ts}.
# It re-runs whenever core/, wasm/, the lexicon or RE2's source change. docs/api.md, "Building".
option(CHIPLIGHT_WASM "Build the WebAssembly module and dist/ with emcmake (when found)" ON)
if(NOT CHIPLIGHT_WASM)
  return()
endif()

find_program(CHIPLIGHT_EMCMAKE emcmake)
find_program(CHIPLIGHT_NODE NAMES node nodejs)
if(NOT CHIPLIGHT_EMCMAKE OR NOT CHIPLIGHT_NODE)
  message(STATUS "Chiplight: emcmake or node not found, the WebAssembly module is not built")
  return()
endif()
if(NOT EXISTS "${PROJECT_SOURCE_DIR}/third_party/re2/re2/re2.cc")
  message(WARNING "Chiplight: third_party/re2 is missing (run scripts/setup.sh): the WebAssembly module is not built")
  return()
endif()

set(CHIPLIGHT_WASM_BUILD_DIR "${PROJECT_SOURCE_DIR}/build/wasm" CACHE PATH "Where emcmake builds wasm/")
set(CHIPLIGHT_DIST_DIR "${PROJECT_SOURCE_DIR}/dist" CACHE PATH "Where the JavaScript builds are written")

file(GLOB_RECURSE chiplight_wasm_inputs CONFIGURE_DEPENDS
  "${PROJECT_SOURCE_DIR}/core/include/*" "${PROJECT_SOURCE_DIR}/core/src/*"
  "${PROJECT_SOURCE_DIR}/wasm/*")
# Editors' and hidden files out; then the inputs that live elsewhere (RE2's "prepared" stamp is a
# hidden file, so it is added after the filter).
list(FILTER chiplight_wasm_inputs EXCLUDE REGEX "/(\\.[^/]*|[^/]*~)$")
list(APPEND chiplight_wasm_inputs "${PROJECT_SOURCE_DIR}/core/data/lexicon.json"
  "${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake" "${PROJECT_SOURCE_DIR}/package.json"
  "${PROJECT_SOURCE_DIR}/third_party/re2/.chiplight-prepared")

set(chiplight_wasm_stamp "${CHIPLIGHT_WASM_BUILD_DIR}/dist.stamp")
add_custom_command(
  OUTPUT "${chiplight_wasm_stamp}"
  # Debian's Emscripten 3.1.6 needs Debian's acorn (NODE_PATH); emcmake's test emulator flag is
  # rejected by Node 20, hence the plain node.
  COMMAND "${CMAKE_COMMAND}" -E env NODE_PATH=/usr/share/nodejs
          "${CHIPLIGHT_EMCMAKE}" "${CMAKE_COMMAND}" -S "${PROJECT_SOURCE_DIR}/wasm"
          -B "${CHIPLIGHT_WASM_BUILD_DIR}" -G Ninja -DCMAKE_BUILD_TYPE=Release
          "-DCMAKE_CROSSCOMPILING_EMULATOR=${CHIPLIGHT_NODE}"
          "-DCHIPLIGHT_DIST_DIR=${CHIPLIGHT_DIST_DIR}"
          "-DCHIPLIGHT_BUILTIN_TABLES=${CHIPLIGHT_BUILTIN_TABLES}"
  COMMAND "${CMAKE_COMMAND}" -E env NODE_PATH=/usr/share/nodejs
          "${CMAKE_COMMAND}" --build "${CHIPLIGHT_WASM_BUILD_DIR}"
  COMMAND "${CMAKE_COMMAND}" -E touch "${chiplight_wasm_stamp}"
  # Listed so that a deleted dist/ file brings the build back.
  BYPRODUCTS "${CHIPLIGHT_DIST_DIR}/chiplight.mjs" "${CHIPLIGHT_DIST_DIR}/chiplight.wasm"
             "${CHIPLIGHT_DIST_DIR}/chiplight.js" "${CHIPLIGHT_DIST_DIR}/chiplight.d.ts"
             "${CHIPLIGHT_DIST_DIR}/chiplight.d.mts"
  DEPENDS ${chiplight_wasm_inputs} "${CHIPLIGHT_BUILTIN_TABLES}"
  COMMENT "Building the WebAssembly module (build/wasm) and dist/"
  USES_TERMINAL
  VERBATIM)
add_custom_target(wasm ALL DEPENDS "${chiplight_wasm_stamp}")
