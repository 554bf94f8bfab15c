import Foundation
import OCR
import PrescreenCore

/// One page with everything but tesseract done: its text layer, images, visibility, and the grey pictures
/// still to recognise. Made by ``PageExtractor/AttachmentPages/prepare(_:)`` on the thread that opened the
/// attachment; ``run(recognizer:)`` may then run on any worker, with that worker's own engine.
///
/// A page scheduler keeps at most a few prepared jobs per worker in flight: a job holds its bitmaps
/// (about 4 MB for an A4 page at 200 dpi), so memory follows the queue, not the batch.
struct PageJob: Sendable {
    /// A picture to recognise and where it sits on the page.
    struct Region: Sendable {
        /// 8-bit grey, `dpi` set.
        var bitmap: Bitmap
        /// Page fractions the bitmap covers; OCR boxes are mapped through it.
        var box: Box
    }

    /// The page so far (text layer, images, visibility); `ocr` is filled in by ``run(recognizer:)``.
    var content: PageContent
    /// What to OCR: empty for a text page, the whole page for a scan, the raster regions of a mixed page.
    var regions: [Region]
    /// Whether the page may be turned (a scan: a page with a real text layer is upright as drawn).
    var checkOrientation: Bool
    /// The face search, left for after recognition (nil when it ran already or cannot run).
    var faceSearch: FaceSearch? = nil

    /// True when this page needs the OCR engine.
    var needsRecognition: Bool { !regions.isEmpty }

    /// Below this mean confidence, or with fewer characters than ``minimumUprightCharacters``, the upright
    /// reading is doubted and OSD decides. Upright body text reads at 85–97 (TOOLCHAIN.md), the noisy scan
    /// at 62; a page turned 90° or 180° reads as junk (0% accuracy). OSD costs ~0.2–0.35 s a page, so it runs
    /// only where the first reading is doubtful.
    static let uprightConfidence = 70.0
    /// See ``uprightConfidence``.
    static let minimumUprightCharacters = 40

    /// Recognises the regions and returns the finished page.
    ///
    /// Orientation: the page is read as it stands first; only when that reading is doubtful does OSD run,
    /// and when OSD says the page is turned it is read again turned upright (boxes come back in the page's
    /// stored coordinates, so evidence crops line up). A doubtful reading of an upright page costs one OSD.
    ///
    /// Then the deferred face search runs, skipping what was read as confident print.
    func run(recognizer: () throws -> any TextRecognizer) throws -> PageContent {
        var out = try recognize(recognizer: recognizer)
        if let faceSearch, let detector = PageExtractor.faceDetector {
            let start = DispatchTime.now().uptimeNanoseconds
            out.faces = faceSearch.run(detector, text: faceSearch.printBoxes(out.ocr),
                                       quarterTurns: out.rotationQuarterTurns)
            RecognitionLog.record(.faces, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return out
    }

    private func recognize(recognizer: () throws -> any TextRecognizer) throws -> PageContent {
        var out = content
        guard needsRecognition else { return out }
        let engine = try recognizer()
        if regions.count == 1, let only = regions.first, only.box == Self.wholePage {
            var text = try engine.recognize(only.bitmap)
            var visible = PageExtractor.visibility(of: text, on: only.bitmap)
            if checkOrientation, Self.isDoubtful(text),
               let (turns, confidence, reread) = try Self.uprightTurns(of: only.bitmap, read: text, engine: engine) {
                let upright = only.bitmap.rotatedClockwise(quarterTurns: turns)
                text = try reread ?? engine.recognize(upright)
                visible = PageExtractor.visibility(of: text, on: upright)
                let back = 4 - turns
                text.glyphs = text.glyphs.map {
                    Glyph(text: $0.text, box: $0.box.rotatedClockwise(quarterTurns: back), confidence: $0.confidence)
                }
                out.rotationQuarterTurns = turns
                out.rotationConfidence = confidence
            }
            out.ocr = text
            out.ocrVisible = visible
            return out
        }
        // Raster regions of a text page: each read on its own, boxes mapped back onto the page.
        var glyphs: [Glyph] = []
        var visible: [Bool] = []
        var weighted = 0.0
        var counted = 0
        for region in regions {
            let text = try engine.recognize(region.bitmap)
            let ink = text.glyphs.filter { !$0.text.allSatisfy(\.isWhitespace) }.count
            guard ink > 0 else { continue }
            if !glyphs.isEmpty, let last = glyphs.last {
                glyphs.append(Glyph(text: "\n", box: last.box))
                visible.append(true)
            }
            glyphs += text.glyphs.map { Glyph(text: $0.text, box: Self.map($0.box, into: region.box), confidence: $0.confidence) }
            visible += PageExtractor.visibility(of: text, on: region.bitmap)
            if let c = text.meanConfidence {
                weighted += c * Double(ink)
                counted += ink
            }
        }
        out.ocr = PageText(source: .ocr, glyphs: glyphs, meanConfidence: counted > 0 ? weighted / Double(counted) : nil)
        out.ocrVisible = visible
        return out
    }

    /// The clockwise quarter turns (1...3) that make a doubtfully read page upright, OSD's confidence (nil when
    /// decided by reading), and the upright reading when one was made; nil when the page is upright.
    ///
    /// OSD decides when it is sure. When it is unsure (a photo, a short page, little text), the page is read
    /// turned instead — half a turn, and a quarter each way when its lines run down the page — and a turn
    /// wins when its reading is clearly stronger (``strength(_:)``): upside-down or sideways Chinese reads as
    /// low-confidence junk. The rotation is applied to the bitmap, so any engine gets the upright page.
    static func uprightTurns(of bitmap: Bitmap, read text: PageText, engine: any TextRecognizer) throws
        -> (Int, Double?, PageText?)? {
        if let o = try engine.orientation(of: bitmap) {
            let turns = o.quarterTurnsClockwise % 4
            return turns == 0 ? nil : (turns, o.confidence, nil)
        }
        let trials = verticalShare(text) > 0.3 ? [1, 3, 2] : [2]
        var best: (turns: Int, strength: Int, text: PageText)?
        let base = strength(text)
        let baseConfidence = text.meanConfidence ?? 0
        for t in trials {
            let r = try engine.recognize(bitmap.rotatedClockwise(quarterTurns: t))
            let s = strength(r)
            // Clearly stronger, and a reading of print in its own right: a photo's texture read turned (bricks,
            // leaves, handwriting) yields a few confident "characters" too, at a low mean confidence.
            guard s >= minimumUprightCharacters, s >= 2 * base + 10, s > best?.strength ?? 0,
                  let c = r.meanConfidence, c >= uprightConfidence - 10, c >= baseConfidence + 15 else { continue }
            best = (t, s, r)
        }
        guard let best else { return nil }
        return (best.turns, nil, best.text)
    }

    /// How much of a reading is confident print: its non-blank glyphs read at 70 or more.
    static func strength(_ text: PageText) -> Int {
        text.glyphs.reduce(0) { $0 + (!$1.text.allSatisfy(\.isWhitespace) && ($1.confidence ?? 0) >= uprightConfidence ? 1 : 0) }
    }

    /// The whole page, as a region box.
    static let wholePage = Box(x0: 0, y0: 0, x1: 1, y1: 1)

    /// Whether an upright reading is too weak to trust without asking OSD.
    ///
    /// Weak: few characters or a low mean confidence (upside-down text reads as junk). Also doubtful: lines
    /// that run down the page, because tesseract's layout analysis reads a page turned a quarter as vertical
    /// lines, often confidently, and the page must still be reported as not upright.
    static func isDoubtful(_ text: PageText) -> Bool {
        let chars = text.glyphs.reduce(0) { $0 + ($1.text.allSatisfy(\.isWhitespace) ? 0 : 1) }
        guard chars >= minimumUprightCharacters, let c = text.meanConfidence else { return true }
        return c < uprightConfidence || verticalShare(text) > 0.3
    }

    /// The share of steps from one character to the next within a line that go more down than across.
    static func verticalShare(_ text: PageText) -> Double {
        var steps = 0
        var vertical = 0
        var previous: Box?
        for g in text.glyphs {
            if g.text == "\n" { previous = nil; continue }
            guard !g.text.allSatisfy(\.isWhitespace) else { continue }
            if let p = previous {
                let dx = abs((g.box.x0 + g.box.x1) - (p.x0 + p.x1)) / 2
                let dy = abs((g.box.y0 + g.box.y1) - (p.y0 + p.y1)) / 2
                steps += 1
                if dy > dx { vertical += 1 }
            }
            previous = g.box
        }
        return steps > 0 ? Double(vertical) / Double(steps) : 0
    }

    /// A box in a region's fractions, as fractions of the page.
    static func map(_ b: Box, into r: Box) -> Box {
        Box(x0: r.x0 + b.x0 * r.width, y0: r.y0 + b.y0 * r.height,
            x1: r.x0 + b.x1 * r.width, y1: r.y0 + b.y1 * r.height)
    }
}
