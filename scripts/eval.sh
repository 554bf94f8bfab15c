#!/bin/sh
# Generates the labeled corpus (deterministic from the seed), scans it with a release build, and prints
# the scorecard. Usage: scripts/eval.sh [CORPUS_DIR] [SEED] [SIZE] [JOBS]
set -eu
cd "$(dirname "$0")/.."
corpus=${1:-corpus}; seed=${2:-20241}; size=${3:-40}; jobs=${4:-$(nproc)}
out=eval-reports
scripts/install-deps.sh
swift build -c release >&2
rm -rf "$corpus" "$out"
.build/release/prescreen-gen corpus --out "$corpus" --seed "$seed" --size "$size" >&2
export OMP_THREAD_LIMIT=1
start=$(date +%s%N)
status=0
.build/release/prescreen scan "$corpus" --out "$out" --jobs "$jobs" --quiet >/dev/null || status=$?
end=$(date +%s%N)
if [ "$status" -ge 2 ]; then echo "scan failed with exit code $status" >&2; exit "$status"; fi
.build/release/prescreen-gen score --corpus "$corpus" --reports "$out" --wall-ms "$(( (end - start) / 1000000 ))"
