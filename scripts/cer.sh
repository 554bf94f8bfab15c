#!/bin/sh
# Character error rate of each OCR engine on scans, against the text the generator drew (docs/RECOGNITION.md).
# Generates one corpus twice from SEED: as text PDFs (--scan-share 0: their text layer is the truth) and with
# every text PDF written as an image-only scan (--scan-share 1); scans the first once and the second with
# ocr.engine: paddle and ocr.engine: tesseract, dumping each page's text (PRESCREEN_DUMP_TEXT), and prints one
# CER line per engine (scripts/cer.py).
# Usage: scripts/cer.sh [SIZE] [SEED] [JOBS]; CER_DIR (default cer/), CER_SKIP_BUILD=1 to use the existing build.
set -eu
cd "$(dirname "$0")/.."
size=${1:-2}; seed=${2:-20241}; jobs=${3:-$(getconf _NPROCESSORS_ONLN)}
dir=${CER_DIR:-cer}
export OMP_THREAD_LIMIT=1
if [ "${CER_SKIP_BUILD:-0}" != 1 ]; then
  scripts/install-deps.sh
  swift build -c release --product prescreen >&2
  swift build -c release --product prescreen-gen >&2
fi
bin=${PRESCREEN:-.build/release/prescreen}
gen=${PRESCREEN_GEN:-.build/release/prescreen-gen}
rm -rf "$dir"; mkdir -p "$dir"
"$gen" corpus --out "$dir/text" --seed "$seed" --size "$size" --scan-share 0 >&2
"$gen" corpus --out "$dir/scans" --seed "$seed" --size "$size" --scan-share 1 >&2
PRESCREEN_DUMP_TEXT="$dir/dump-text" "$bin" scan "$dir/text" --out "$dir/reports-text" --jobs "$jobs" --quiet \
  >/dev/null || [ $? -eq 1 ]
for engine in paddle tesseract; do
  sed "s/^  engine: .*/  engine: $engine/" Pipelines/aksu-2024.yml >"$dir/$engine.yml"
  PRESCREEN_DUMP_TEXT="$dir/dump-$engine" "$bin" scan "$dir/scans" --out "$dir/reports-$engine" --jobs "$jobs" \
    --quiet --pipeline "$dir/$engine.yml" >/dev/null || [ $? -eq 1 ]
  python3 scripts/cer.py "$dir/dump-text" "$dir/dump-$engine" "$engine"
done
