#!/bin/sh
# Quick start 1: install what is missing, build, and scan the bundled Samples/ into reports/.
# Exits with prescreen's own code: 1, because one of the samples is flagged on purpose.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product prescreen >&2
export OMP_THREAD_LIMIT=1
exec .build/release/prescreen scan Samples --out reports "$@"
