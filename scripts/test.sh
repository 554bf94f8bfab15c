#!/bin/sh
# Quick start 2: install what is missing, build, and run the whole test suite.
# OMP_THREAD_LIMIT=1: tesseract's OpenMP threads would otherwise oversubscribe the cores (18 s a page instead of 2 s).
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export OMP_THREAD_LIMIT=1
scripts/lint.sh
swift build --build-tests
swift test --skip-build "$@"
