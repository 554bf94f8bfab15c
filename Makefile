# prescreen: common tasks. The README's quick start is `scripts/demo.sh` and `scripts/test.sh`.
.PHONY: deps build demo test samples eval eval-corpus bench bench-memory cer clean

SEED ?= 20241
SIZE ?= 40
CORPUS ?= corpus
# nproc honours OMP_THREAD_LIMIT (1 when exported for tesseract): count the cores with getconf.
JOBS ?= $(shell getconf _NPROCESSORS_ONLN)

deps:
	scripts/install-deps.sh

build: deps
	swift build -c release

demo: deps
	scripts/demo.sh

test: deps
	scripts/test.sh

# Regenerate Samples/ from the generator (the committed samples are its output).
samples: build
	rm -rf Samples.new && .build/release/prescreen-gen samples --out Samples.new
	rm -rf Samples && mv Samples.new Samples

# The scorecard: a labeled corpus from SEED, scanned, scored per rule (README: "Reading the scorecard").
eval: build
	scripts/eval.sh "$(CORPUS)" "$(SEED)" "$(SIZE)" "$(JOBS)"

# Throughput: prescreen against the tesseract command line on the same generated pages (README: "Performance").
# BENCH_SIZE applicants (~20 pages each), BENCH_SCAN_SHARE of the text PDFs written as scans: 1 (the default)
# is the OCR-heavy corpus the issue's criteria are about (submissions are scans and photos); 0 keeps the
# generator's text PDFs, where the baseline spends only pdftotext on most pages.
BENCH_SIZE ?= 10
BENCH_SCAN_SHARE ?= 1
bench: deps
	scripts/bench.sh "$(BENCH_SIZE)" "$(JOBS)" "$(SEED)" "$(BENCH_SCAN_SHARE)"

# Memory: peak RSS of the same scan on a ~50-page and a ~500-page corpus (3 and 26 applicants). Text PDFs by
# default (MEMORY_SCAN_SHARE=0): their fonts are what a child accumulates.
MEMORY_SCAN_SHARE ?= 0
bench-memory: deps
	BENCH_ONLY=memory scripts/bench.sh "$(BENCH_SIZE)" "$(JOBS)" "$(SEED)" "$(MEMORY_SCAN_SHARE)"

# Character error rate of each OCR engine (paddle, tesseract) on generated scans against the text drawn
# (docs/RECOGNITION.md). CER_SIZE applicants (~20 pages each).
CER_SIZE ?= 2
cer: deps
	scripts/cer.sh "$(CER_SIZE)" "$(SEED)" "$(JOBS)"

clean:
	rm -rf .build reports corpus eval-reports bench cer
