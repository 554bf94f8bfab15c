import DocumentKit
import Foundation

/// Makes a corpus OCR-heavy for the benchmark (`make bench`, `--scan-share`): a share of the documents that
/// would be text PDFs are written as image-only scans instead, the way a submission looks when everything
/// was printed and scanned.
extension CorpusPlan {
    /// Turns each text-PDF document into an image-only scanned PDF with probability `share` (0...1).
    ///
    /// Deterministic from `seed` and independent of the plan's own random stream, so `--scan-share 0` gives
    /// the very same corpus as without the option. Scans are 150 or 200 dpi, like real uploads, with the
    /// usual scan effects (skew, noise, sometimes blur). The truth follows the route (Emitter derives what is
    /// readable from it), so the corpus stays labeled.
    static func scanned(_ builds: [ApplicantBuild], share: Double, seed: UInt64) -> [ApplicantBuild] {
        guard share > 0 else { return builds }
        var rng = SplitMix64(seed: seed ^ 0x5CA7_5CA7_5CA7_5CA7)
        return builds.map { build in
            var b = build
            b.docs = b.docs.map { doc in
                guard case .textPDF = doc.route, rng.chance(share) else { return doc }
                var d = doc
                let dpi = rng.chance(0.5) ? 150.0 : 200.0
                d.route = .scanPDF(dpi: dpi, effects: Kit.scanEffects(&rng), ocrLayer: false)
                return d
            }
            return b
        }
    }
}
