import Foundation
import OCR
import PrescreenCore
import Rules

/// Reads seal ring text where it matters, after the applicant's documents are classified.
///
/// Workers unroll each seal's ring into strips (``DetectedRegion/unreadText``) but do not read them: only a
/// seal on a document the employer issues (``SealRule/employerIssued``) is judged by its ring text, and most
/// seals in a submission are third parties' (CHSI, training bodies, the HR bureau). Reading every ring cost a
/// quarter of the workers' time on a mostly text-PDF batch. The strips are pixels this program made (resampled,
/// bounded in size), so reading them here, outside the worker processes, exposes tesseract to no uploaded file.
enum SealReading {
    /// Fills `text` of the seals `blind/seal` will look at, and drops every seal's strips (reports and rules
    /// need none).
    static func readWhereNeeded(_ documents: inout [AnalyzedDocument]) {
        for d in documents.indices {
            var needed = Set<Int>()
            for segment in documents[d].segments where SealRule.employerIssued.contains(segment.classification.type) {
                needed.formUnion(segment.firstPage...max(segment.firstPage, segment.lastPage))
            }
            for p in documents[d].pages.indices {
                guard var seals = documents[d].pages[p].seals else { continue }
                let read = needed.contains(documents[d].pages[p].page)
                for s in seals.indices {
                    if read, !seals[s].masked, seals[s].text == nil, let strips = seals[s].unreadText {
                        seals[s].text = ringText(strips)
                    }
                    seals[s].unreadText = nil
                }
                documents[d].pages[p].seals = seals
            }
        }
    }

    /// The ring text read from its strips, one normalised reading per line; nil when nothing readable came out.
    ///
    /// Tesseract's reading of a short unrolled line swings with the character size, so every strip is read and
    /// the distinct readings kept (the rule looks for the employer in any).
    static func ringText(_ strips: [Data]) -> String? {
        var readings: [String] = []
        for png in strips {
            // The strips were drawn at 300 dpi (``SealDetector/unwrapRing``); PNG may not carry it back.
            guard var strip = (try? ImageCodec.decode(png, maxPixels: 4_000_000))?.first else { continue }
            strip.dpi = 300
            guard let text = reader.read(strip) else { continue }
            let s = NormalizedText.normalized(text)
            if !s.isEmpty && !readings.contains(s) { readings.append(s) }
        }
        return readings.isEmpty ? nil : readings.joined(separator: "\n")
    }

    /// One Chinese-only recogniser per process for ring text, created on first use.
    static let reader = RingReader()
}

/// A chi_sim-only tesseract engine for seal ring text, created on first use and shared under a lock (ring
/// strips are small: a read takes ~30 ms).
///
/// Not the page engine: with `eng` loaded, tesseract takes the unrolled line for Latin script (measured:
/// chi_sim+eng read 2 of 8 rings, chi_sim alone 6 of 8).
final class RingReader: @unchecked Sendable {
    private let lock = NSLock()
    private var engine: TesseractRecognizer?
    private var failed = false

    /// The text tesseract reads on `strip`; nil when the engine cannot be created or fails.
    func read(_ strip: Bitmap) -> String? {
        lock.withLock {
            if engine == nil && !failed {
                engine = try? TesseractRecognizer(languages: "chi_sim")
                failed = engine == nil
            }
            return (try? engine?.recognize(strip))?.string
        }
    }
}
