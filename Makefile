# prescreen: common tasks. The README's quick start is `scripts/demo.sh` and `scripts/test.sh`.
.PHONY: deps build demo test lint lint-all samples eval eval-corpus bench bench-memory bench-shards cer clean release-static man install uninstall

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

# swift format lint (.swift-format): `lint` the rules about the code (force unwrap, force try, doc comments; passes,
# scripts/test.sh runs it); `lint-all` adds layout, which waits for one whole-tree reformat (docs/ARCHITECTURE.md).
lint:
	scripts/lint.sh

lint-all:
	scripts/lint.sh --all

# Regenerate Samples/ from the generator (the committed samples are its output).
samples: build
	rm -rf Samples.new && .build/release/prescreen-gen samples --out Samples.new
	rm -rf Samples && mv Samples.new Samples

# The scorecard: a labeled corpus from SEED, scanned, scored per rule (docs/benchmarks.md).
eval: build
	scripts/eval.sh "$(CORPUS)" "$(SEED)" "$(SIZE)" "$(JOBS)"

# Throughput: prescreen against the tesseract command line on the same generated pages (docs/benchmarks.md).
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

# Sharding on one machine (docs/SCALE.md): 1 shard x 2 jobs against 2 shards x 1 job (+ prescreen index), cold,
# alternated SHARD_ROUNDS times on one corpus; medians and their ratio.
SHARD_ROUNDS ?= 3
bench-shards: deps
	scripts/bench-shards.sh "$(BENCH_SIZE)" "$(SHARD_ROUNDS)" "$(SEED)" "$(BENCH_SCAN_SHARE)"


# Installation on a server (docs/OPERATIONS.md): a release binary with the Swift standard library and Foundation
# linked statically (nothing under /opt/swift is needed at run time), in its own build folder so that the
# developers' .build is left alone. make install PREFIX=/usr/local; make uninstall PREFIX=/usr/local.
PREFIX ?= /usr/local
DESTDIR ?=
STATIC_BUILD ?= .build-static
# Extra runtime libraries, copied into PREFIX/lib/prescreen (the binary's rpath is $ORIGIN/../lib/prescreen), and
# data files or folders, copied into PREFIX/share/prescreen (the PP-OCR models are looked for in
# <binary>/../share/prescreen/models before /opt/prescreen-deps/models): by default the PP-OCR engine's OpenVINO
# libraries (its CPU plugin and ONNX frontend are found beside libopenvino.so), models and licences, as
# scripts/install-paddle.sh unpacked them, so that a server needs nothing under /opt/prescreen-deps.
PRESCREEN_DEPS ?= /opt/prescreen-deps
RUNTIME_LIBS ?= $(wildcard $(PRESCREEN_DEPS)/openvino/lib/*.so*)
RUNTIME_DATA ?= $(PRESCREEN_DEPS)/models $(PRESCREEN_DEPS)/licenses
STATIC_FLAGS = -c release --static-swift-stdlib --scratch-path $(STATIC_BUILD) \
	-Xlinker -rpath -Xlinker '$$ORIGIN/../lib/prescreen'
TOOLS_BUILD ?= .build-tools
MAN_PAGE = $(TOOLS_BUILD)/man/prescreen.1

release-static:
	swift build $(STATIC_FLAGS) --product prescreen

# The man page from swift-argument-parser's generate-manual (the tool its GenerateManual plugin runs, built here
# directly: the plugin would rebuild every product of the package without --static-swift-stdlib, in the same
# scratch folder, so each install would build everything twice). It reads the installed binary's own help:
# one page with every subcommand.
man: release-static
	swift build --scratch-path $(TOOLS_BUILD) --product generate-manual
	mkdir -p $(TOOLS_BUILD)/man
	$(TOOLS_BUILD)/debug/generate-manual $(STATIC_BUILD)/release/prescreen --output-directory $(TOOLS_BUILD)/man \
		--authors prescreen --section 1
	test -s $(MAN_PAGE)

install: man
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" BIN="$(STATIC_BUILD)/release/prescreen" MAN="$(MAN_PAGE)" \
		RUNTIME_LIBS="$(RUNTIME_LIBS)" RUNTIME_DATA="$(RUNTIME_DATA)" scripts/install.sh install

uninstall:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/install.sh uninstall

clean:
	rm -rf .build $(STATIC_BUILD) $(TOOLS_BUILD) reports corpus eval-reports bench bench-shards cer
