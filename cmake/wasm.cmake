# The WebAssembly module, built from the top-level (native) build: a target `wasm`, part of ALL, that
# configures wasm/ with emcmake into build/wasm, builds it and writes dist/chiplight.{mjs,wasm,js,d.ts}
# (and dist/chiplight-widget.wasm, the widget's).
# The inner build tracks its own inputs (core/, wasm/, the lexicon, RE2's source). docs/api.md,
# "Building".
option(CHIPLIGHT_WASM "Build the WebAssembly module and dist/ with emcmake (when found)" ON)
if(NOT CHIPLIGHT_WASM)
  return()
endif()

# Wanted but impossible here: CHIPLIGHT_WASM_MISSING says why, and the JavaScript and browser
# tests report it as a failure (tests/js) rather than quietly not existing.
find_program(CHIPLIGHT_EMCMAKE emcmake)
find_program(CHIPLIGHT_NODE NAMES node nodejs)
if(NOT CHIPLIGHT_EMCMAKE OR NOT CHIPLIGHT_NODE)
  set(CHIPLIGHT_WASM_MISSING "emcmake or node not found (run scripts/setup.sh)")
elseif(NOT EXISTS "${PROJECT_SOURCE_DIR}/third_party/re2/re2/re2.cc")
  set(CHIPLIGHT_WASM_MISSING "third_party/re2 is missing (run scripts/setup.sh)")
endif()
if(CHIPLIGHT_WASM_MISSING)
  message(WARNING "Chiplight: the WebAssembly module is not built: ${CHIPLIGHT_WASM_MISSING}")
  return()
endif()

set(CHIPLIGHT_WASM_BUILD_DIR "${PROJECT_SOURCE_DIR}/build/wasm" CACHE PATH "Where emcmake builds wasm/")
set(CHIPLIGHT_DIST_DIR "${PROJECT_SOURCE_DIR}/dist" CACHE PATH "Where the JavaScript builds are written")

# Configured once (and again when the native build rewrites the built-in lexicon's tables, which
# the configuration looks for); after that the inner build regenerates itself when wasm/ changes.
set(chiplight_wasm_configured "${CHIPLIGHT_WASM_BUILD_DIR}/build.ninja")
add_custom_command(
  OUTPUT "${chiplight_wasm_configured}"
  # Debian's Emscripten 3.1.6 needs Debian's acorn (NODE_PATH); emcmake's test emulator flag is
  # rejected by Node 20, hence the plain node.
  COMMAND "${CMAKE_COMMAND}" -E env NODE_PATH=/usr/share/nodejs
          "${CHIPLIGHT_EMCMAKE}" "${CMAKE_COMMAND}" -S "${PROJECT_SOURCE_DIR}/wasm"
          -B "${CHIPLIGHT_WASM_BUILD_DIR}" -G Ninja -DCMAKE_BUILD_TYPE=Release
          "-DCMAKE_CROSSCOMPILING_EMULATOR=${CHIPLIGHT_NODE}"
          "-DCHIPLIGHT_DIST_DIR=${CHIPLIGHT_DIST_DIR}"
          "-DCHIPLIGHT_BUILTIN_TABLES=${CHIPLIGHT_BUILTIN_TABLES}"
  COMMAND "${CMAKE_COMMAND}" -E touch "${chiplight_wasm_configured}"
  DEPENDS "${CHIPLIGHT_BUILTIN_TABLES}" "${PROJECT_SOURCE_DIR}/cmake/wasm.cmake"
  COMMENT "Configuring the WebAssembly build (build/wasm)"
  VERBATIM)
# Always handed to the inner build, which knows its own inputs (core/, wasm/, the lexicon, RE2's
# source, package.json) and does nothing when none changed. The dist/ files are byproducts: what
# depends on them (the demo) is rebuilt only when they were rewritten.
add_custom_target(wasm ALL
  COMMAND "${CMAKE_COMMAND}" -E env NODE_PATH=/usr/share/nodejs
          "${CMAKE_COMMAND}" --build "${CHIPLIGHT_WASM_BUILD_DIR}"
  BYPRODUCTS "${CHIPLIGHT_DIST_DIR}/chiplight.mjs" "${CHIPLIGHT_DIST_DIR}/chiplight.wasm"
             "${CHIPLIGHT_DIST_DIR}/chiplight.js" "${CHIPLIGHT_DIST_DIR}/chiplight.d.ts"
             "${CHIPLIGHT_DIST_DIR}/chiplight.d.mts" "${CHIPLIGHT_DIST_DIR}/chiplight-widget.wasm"
  DEPENDS "${chiplight_wasm_configured}" "${CHIPLIGHT_BUILTIN_TABLES}"
  COMMENT "Building the WebAssembly module (build/wasm) and dist/"
  USES_TERMINAL
  VERBATIM)

# The packaged listed parties for the front ends that load them (docs/listed-parties.md): the list
# (dist/chiplight-listed.json) and the tables the build stored for it with this build's built-in
# lexicon (dist/chiplight-listed-tables.bin, core/tools/listed_tables.cc), read by
# createMatcher({ listed: { json, tables } }) instead of compiling the list. Files of their own,
# fetched when asked for: nothing of them is in the modules.
add_custom_command(
  OUTPUT "${CHIPLIGHT_DIST_DIR}/chiplight-listed.json" "${CHIPLIGHT_DIST_DIR}/chiplight-listed-tables.bin"
  COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${CHIPLIGHT_LISTED_JSON}"
          "${CHIPLIGHT_DIST_DIR}/chiplight-listed.json"
  COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${CHIPLIGHT_LISTED_TABLES}"
          "${CHIPLIGHT_DIST_DIR}/chiplight-listed-tables.bin"
  DEPENDS "${CHIPLIGHT_LISTED_JSON}" "${CHIPLIGHT_LISTED_TABLES}"
  COMMENT "The listed parties and their stored tables (dist/)"
  VERBATIM)
add_custom_target(listed_dist ALL
  DEPENDS "${CHIPLIGHT_DIST_DIR}/chiplight-listed.json" "${CHIPLIGHT_DIST_DIR}/chiplight-listed-tables.bin")
