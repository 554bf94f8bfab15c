#!/bin/sh
# Remakes the README's pictures (docs/img/index.png, docs/img/report.png) from a scan of Samples/ with the debug
# binary and Debian's chromium, headless. Run after `swift build`; the pictures are committed.
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
OMP_THREAD_LIMIT=1 .build/debug/prescreen scan Samples --out "$out/reports" --jobs 2 --quiet || true
shot() { # page width height png
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$2,$3" \
    --screenshot="$4" "file://$1" 2>/dev/null
}
shot "$out/reports/index.html" 1280 820 docs/img/index.png
# The flagged sample with a name, a photo and a label field: its first findings with their evidence pictures.
shot "$out/reports/AKS-0002/report.html" 1280 1660 docs/img/report.png
ls -l docs/img
