#!/usr/bin/env bash
# The main job: set everything up, build everything, scan the bundled samples and open the
# offline demo page.
#   scripts/run.sh            set up, build, scan samples/, open (or point to) the demo
#   scripts/run.sh --serve    ... and serve dist/ on http://127.0.0.1:8000 until Ctrl-C
set -euo pipefail
cd "$(dirname "$0")/.."
serve=0
for arg in "$@"; do
  case "$arg" in
    --serve) serve=1 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

scripts/setup.sh
export NODE_PATH=/usr/share/nodejs
cmake --preset native >/dev/null
cmake --build --preset native

echo
echo "== chiplight scan --summary samples/"
build/native/chiplight scan --summary samples/

extension="$(pwd)/dist/extension"
if [ -d "$extension/chrome" ]; then
  echo
  echo "== Browser extension (docs/extension.md), unpacked and as store zips:"
  echo "   Chrome/Chromium: chrome://extensions > Developer mode > Load unpacked > $extension/chrome"
  echo "   Firefox: about:debugging > This Firefox > Load Temporary Add-on > $extension/firefox/manifest.json"
  for zip in "$extension"/*.zip; do [ -f "$zip" ] && echo "   $zip"; done
fi

demo="$(pwd)/dist/demo/index.html"
if [ -f "$demo" ]; then
  echo
  echo "== Demo page (works offline, straight from disk):"
  echo "   file://$demo"
  if [ "$serve" = 1 ]; then
    echo "   serving dist/ on http://127.0.0.1:8000/demo/ (Ctrl-C to stop)"
    exec python3 -m http.server 8000 --bind 127.0.0.1 --directory dist
  elif [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v xdg-open >/dev/null; then
    xdg-open "file://$demo" >/dev/null 2>&1 || true
  fi
fi
