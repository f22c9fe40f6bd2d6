#!/usr/bin/env bash
# Installs everything Chiplight needs on a fresh Debian 12 machine. Idempotent: safe to rerun.
#   scripts/setup.sh            system packages, npm packages, RE2 source for the wasm build
#   CHIPLIGHT_SKIP_APT=1 ...    skip apt (for machines that already have the packages)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
sudo_cmd() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(
  build-essential cmake ninja-build pkg-config python3 git ca-certificates
  libre2-dev nlohmann-json3-dev catch2 libgumbo-dev libcli11-dev
  libpoppler-cpp-dev libzip-dev libpugixml-dev libarchive-dev
  emscripten binaryen unicode-data
  chromium firefox-esr fonts-noto-cjk
  nodejs npm
  clang-format clang-tidy
  clang libclang-rt-14-dev
  ripgrep                  # bench/folder_bench.py compares the scanner with rg -c -f
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# nodejs/npm may come from outside Debian (e.g. a preinstalled Node 20): accept any working node >= 18.
if command -v node >/dev/null && node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)'; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | grep -v '^$' || true)

if [ "${CHIPLIGHT_SKIP_APT:-0}" != 1 ] && [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd apt-get update -qq
  sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# RE2 source for the WebAssembly build, from Debian's source package (never committed).
re2_dir="$root/third_party/re2"
if [ ! -f "$re2_dir/.chiplight-prepared" ]; then
  log "fetching RE2 source (Debian source package) into third_party/re2"
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
      sudo_cmd tee /etc/apt/sources.list.d/chiplight-deb-src.sources >/dev/null
    sudo_cmd apt-get update -qq
  fi
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get source --download-only re2 >/dev/null 2>&1)
  orig=$(ls "$tmp"/re2_*.orig.tar.* | head -n 1)
  rm -rf "$re2_dir" && mkdir -p "$re2_dir"
  tar -xf "$orig" -C "$re2_dir" --strip-components=1
  rm -rf "$tmp"
  # Debian strips the generated Unicode tables; regenerate them from the local Unicode data.
  (
    cd "$re2_dir/re2"
    sed -i -e 's|^_UNICODE_DIR = .*|_UNICODE_DIR = "/usr/share/unicode"|' \
      -e 's|^import six.*|import urllib.request|' \
      -e 's|six.moves.urllib.request|urllib.request|g' unicode.py
    perl make_perl_groups.pl > perl_groups.cc
    python3 make_unicode_groups.py > unicode_groups.cc
    python3 make_unicode_casefold.py > unicode_casefold.cc
  )
  touch "$re2_dir/.chiplight-prepared"
fi

# npm packages (playwright-core, puppeteer-core, eslint, esbuild, typescript, web-ext, mark.js, Floating UI): from the lockfile when there is one.
if [ -f package.json ]; then
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1
  if [ -f package-lock.json ]; then
    [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
fi
log "setup done"
