// swift-tools-version:6.0
import PackageDescription

/// prescreen: pre-screening of professional-title applications (职称评审) for blind review.
/// Architecture and the module graph: docs/ARCHITECTURE.md; outside contract: docs/CONTRACT.md.
///
/// Linux only (Debian 12): the worker children re-execute `/proc/self/exe`, die with their parent through
/// `prctl(PR_SET_PDEATHSIG)` and trim their heap with `malloc_trim`, and the C libraries come from Debian packages.
/// So no `platforms:` line: the only one SwiftPM accepts names Apple systems, which this package does not build on.
/// Every target lists exactly the modules its sources import (docs/ARCHITECTURE.md, "Module graph").
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]
/// Where scripts/install-paddle.sh unpacked OpenVINO and the PP-OCR models (docs/RECOGNITION.md).
let deps = Context.environment["PRESCREEN_DEPS"] ?? "/opt/prescreen-deps"

let package = Package(
    name: "prescreen",
    products: [
        .executable(name: "prescreen", targets: ["prescreen"]),
        .executable(name: "prescreen-gen", targets: ["prescreen-gen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The scan's log file (`--log FILE`): levels and timestamps through the standard logging API.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C boundary: one system library per C library, each imported by one Swift module
        // (the corpus generator, a developer tool, also draws with cairo and degrades with leptonica).
        .systemLibrary(
            name: "CPoppler", pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev", "libcairo2-dev"])]),
        .systemLibrary(
            name: "CTesseract", pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "tesseract-ocr-chi-sim", "tesseract-ocr-osd"])]),
        .systemLibrary(
            name: "CLeptonica", pkgConfig: "lept",
            providers: [.apt(["libleptonica-dev"])]),

        // OpenCV's cascade face detector behind a plain C API (OpenCV ships no .pc file on Debian: the include
        // path and libraries are spelled out; packages libopencv-objdetect-dev, libopencv-imgproc-dev, opencv-data).
        .target(
            name: "CFaceDetect",
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4"])],
            linkerSettings: [
                .linkedLibrary("opencv_objdetect"), .linkedLibrary("opencv_imgproc"), .linkedLibrary("opencv_core"),
            ]),

        // OpenVINO's C API from its PyPI wheel (scripts/install-paddle.sh writes prescreen-openvino.pc; SwiftPM
        // keeps no linker flags from .pc files, so the run-time path to the wheel's libraries is set on Paddle).
        .systemLibrary(name: "COpenVINO", pkgConfig: "prescreen-openvino"),

        .target(name: "PrescreenCore", swiftSettings: strict),
        .target(name: "PDF", dependencies: ["CPoppler", "PrescreenCore"], swiftSettings: strict),
        .target(name: "OCR", dependencies: ["CTesseract", "CLeptonica", "PrescreenCore"], swiftSettings: strict),
        // PP-OCR (detection + recognition) on OpenVINO: the `paddle` text recognizer.
        .target(
            name: "Paddle", dependencies: ["COpenVINO", "OCR", "PrescreenCore"],
            // Optimised in debug builds too: its pixel loops (resampling, line crops, DB regions) run ~20× slower
            // unoptimised, and the CLI and pipeline tests read whole pages with the debug binary.
            swiftSettings: strict + [.unsafeFlags(["-O"], .when(configuration: .debug))],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", "\(deps)/openvino/lib"])]),
        .target(
            name: "Ingest",
            dependencies: ["PrescreenCore", "Yams", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(name: "PipelineConfig", dependencies: ["PrescreenCore", "Yams"], swiftSettings: strict),
        .target(name: "Classify", dependencies: ["PrescreenCore"], swiftSettings: strict),
        .target(name: "Rules", dependencies: ["PrescreenCore", "PipelineConfig", "Classify"], swiftSettings: strict),
        .target(name: "Reports", dependencies: ["PrescreenCore"], swiftSettings: strict),
        // Incremental-scan state (SQLite through GRDB): applicant digests and per-attachment extraction cache.
        .target(
            name: "StateStore", dependencies: ["PrescreenCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        // Faces (OpenCV cascades) and red seals on page bitmaps, and whether they are masked.
        .target(name: "Vision", dependencies: ["CFaceDetect", "PrescreenCore"], swiftSettings: strict),
        .target(
            name: "Pipeline",
            dependencies: [
                "PrescreenCore", "PDF", "OCR", "Ingest", "PipelineConfig", "Classify", "Rules", "Reports", "StateStore",
                "Vision",
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "prescreen",
            dependencies: [
                "Pipeline", "PipelineConfig", "Rules", "Reports", "StateStore", "OCR", "Paddle", "PrescreenCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(name: "Corpus", dependencies: ["PrescreenCore"], swiftSettings: strict),
        // Draws the documents of the notice (PDF with text layer, scans, photos of paper) for
        // Samples/, the labeled corpus and test fixtures.
        .target(name: "DocumentKit", dependencies: ["CPoppler", "CLeptonica", "PrescreenCore"], swiftSettings: strict),
        .executableTarget(
            name: "prescreen-gen",
            dependencies: [
                "DocumentKit", "PrescreenCore", "Corpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        .target(
            name: "TestSupport",
            dependencies: ["PrescreenCore", "OCR", "DocumentKit", "CPoppler", "CLeptonica"],
            path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "CoreTests", dependencies: ["PrescreenCore"], swiftSettings: strict),
        .testTarget(name: "PDFTests", dependencies: ["PDF", "PrescreenCore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "OCRTests", dependencies: ["OCR", "PrescreenCore", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PaddleTests", dependencies: ["Paddle", "OCR", "PrescreenCore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "PrescreenCore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PipelineConfigTests", dependencies: ["PipelineConfig", "PrescreenCore"], swiftSettings: strict),
        .testTarget(
            name: "RulesTests", dependencies: ["Rules", "Classify", "PipelineConfig", "PrescreenCore", "TestSupport"],
            swiftSettings: strict),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "PrescreenCore", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Pipeline", "Rules", "Classify", "Ingest", "DocumentKit", "TestSupport", "OCR", "PDF", "PipelineConfig",
                "PrescreenCore", "Reports",
            ],
            swiftSettings: strict),
        .testTarget(name: "StateStoreTests", dependencies: ["StateStore", "PrescreenCore"], swiftSettings: strict),
        // `prescreen` is imported by no test: it is listed so that the binary the tests run is built first.
        .testTarget(
            name: "CLITests", dependencies: ["prescreen", "TestSupport", "StateStore", "Pipeline", "OCR", "Yams"],
            swiftSettings: strict),
        // Mutated PDFs and images scanned by the real binary; PRESCREEN_FUZZ_COUNT files (default 1000). `prescreen`
        // is the binary the tests run, imported by none.
        .testTarget(name: "FuzzTests", dependencies: ["prescreen", "TestSupport", "PrescreenCore"], swiftSettings: strict),
        .testTarget(name: "CorpusTests", dependencies: ["Corpus", "PrescreenCore"], swiftSettings: strict),
        .testTarget(
            name: "VisionTests", dependencies: ["Vision", "DocumentKit", "OCR", "PrescreenCore"],
            swiftSettings: strict),
        .testTarget(name: "DocumentKitTests", dependencies: ["DocumentKit", "PrescreenCore", "TestSupport"], swiftSettings: strict),
    ]
)
