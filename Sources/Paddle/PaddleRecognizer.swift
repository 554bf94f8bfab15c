import Foundation
import OCR
import PrescreenCore

/// PP-OCRv6 text detection and recognition on OpenVINO: the `paddle` engine (docs/RECOGNITION.md).
///
/// A page is read as PP-OCR reads it: the detector's probability map (input capped at ``detectorLongSide``)
/// gives text-line quads (``TextBoxes``), each line is cut out of the full-resolution page, straightened and
/// scaled to 48 px high, and the recogniser reads it; greedy CTC decoding gives the characters, and their time
/// steps place each one along its line. Lines on one visual row are joined with a space, as tesseract's
/// layout does for the cells of a form row, and every row ends with "\n" (``TextRecognizer``'s glyph contract).
/// Orientation stays with tesseract's OSD (a lazily made "osd"-only ``TesseractRecognizer``).
///
/// Owns OpenVINO handles: create it inside the worker that uses it and never share it across tasks. OpenVINO
/// runs one thread: the scan runs one worker per core.
public final class PaddleRecognizer: TextRecognizer {
    /// The detector's input is scaled so that its long side is at most this (measured: same reading as full
    /// size on A4 scans, three times faster).
    public static let detectorLongSide = 960
    /// The recogniser's input height.
    static let lineHeight = 48
    /// Lines whose mean character probability is below this are dropped (PP-OCR's text_score).
    static let minimumLineScore = 0.5
    /// Line crops read in one call of the recogniser (sorted by width, so a batch's padding stays small).
    static let batchSize = 6
    /// At most this much padded width (pixels at height 48) in one recogniser call.
    static let batchPixels = 6 * 400

    /// Seconds spent inside the detector and recogniser so far (for the benchmark).
    public private(set) var recognitionSeconds: Double = 0

    private let detector: OpenVINOModel
    private let recognizer: OpenVINOModel
    private let decoder: CTCDecoder
    private var osd: TesseractRecognizer?

    /// Loads and compiles both models; fails with `.initFailed` when a file is missing or damaged, or when the
    /// recogniser's classes do not match the alphabet.
    public init(models: PaddleModels) throws(OCRError) {
        let alphabet = try models.loadAlphabet()
        detector = try OpenVINOModel(path: models.detector)
        recognizer = try OpenVINOModel(path: models.recognizer)
        decoder = CTCDecoder(alphabet: alphabet)
        // One small line through the recogniser: a model that loads but is not this alphabet's is damaged.
        var probe = [Float](repeating: 0, count: 3 * Self.lineHeight * 96)
        let out: (values: [Float], shape: [Int])
        do {
            out = try recognizer.run(&probe, shape: [1, 3, Self.lineHeight, 96])
        } catch {
            throw OCRError(.initFailed, "the PP-OCR recogniser does not run: \(error.message)")
        }
        guard out.shape.count == 3, out.shape[2] == alphabet.count + 2 else {
            throw OCRError(.initFailed, "the PP-OCR recogniser's output \(out.shape) does not match its alphabet of "
                + "\(alphabet.count) entries")
        }
    }

    /// Loads the models found on ``PaddleModels/searchPath(environment:)``.
    public convenience init() throws(OCRError) {
        try self.init(models: try PaddleModels.locate())
    }

    /// OSD by tesseract (see ``TesseractRecognizer/orientation(of:)``).
    public func orientation(of bitmap: Bitmap) throws(OCRError) -> Orientation? {
        let engine: TesseractRecognizer
        if let osd {
            engine = osd
        } else {
            engine = try TesseractRecognizer(languages: "osd")
            osd = engine
        }
        return try engine.orientation(of: bitmap)
    }

    /// One line read: where it is on the page and its characters.
    struct Line {
        var quad: Quad
        /// Whether the line ran down the page and was read turned a quarter.
        var turned: Bool
        var characters: [CTCDecoder.Character]
        /// Time steps of the recogniser's output, and the share of the padded input the crop filled.
        var steps: Int
        var filled: Double
        var score: Double
    }

    /// Reads an upright page into glyphs (see ``TextRecognizer``); a page without text gives no glyphs.
    public func recognize(_ bitmap: Bitmap) throws(OCRError) -> PageText {
        let empty = PageText(source: .ocr, glyphs: [], meanConfidence: nil)
        guard bitmap.width > 0, bitmap.height > 0 else { return empty }
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            recognitionSeconds += elapsed
            RecognitionLog.record(.recognize, seconds: elapsed)
        }
        let grey = bitmap.channels == 1 ? bitmap : bitmap.grayscale()
        let quads = try detect(grey)
        guard !quads.isEmpty else { return empty }
        let lines = try read(quads, on: grey)
        let glyphs = Self.glyphs(of: lines, page: grey)
        let confidences = glyphs.compactMap(\.confidence)
        guard !confidences.isEmpty else { return empty }
        return PageText(source: .ocr, glyphs: glyphs,
                        meanConfidence: confidences.reduce(0, +) / Double(confidences.count))
    }

    // MARK: - Detection

    /// Text-line quads in page pixels.
    func detect(_ page: Bitmap) throws(OCRError) -> [Quad] {
        let (w, h) = Self.detectorSize(width: page.width, height: page.height)
        let grey = Self.resample(page, toWidth: w, height: h)
        // Normalised as PP-OCRv6's detector was trained: (x/255 − 0.5) / 0.5, the grey value in all three channels.
        var input = [Float](repeating: 0, count: 3 * w * h)
        for i in 0..<(w * h) {
            let v = grey[i] / 127.5 - 1
            input[i] = v
            input[w * h + i] = v
            input[2 * w * h + i] = v
        }
        let map = try detector.run(&input, shape: [1, 3, h, w]) { values, shape -> (p: [Float], w: Int, h: Int)? in
            guard shape.count == 4, shape[2] > 0, shape[3] > 0, values.count >= shape[2] * shape[3] else { return nil }
            return (Array(values.prefix(shape[2] * shape[3])), shape[3], shape[2])
        }
        guard let map else { throw OCRError(.recognitionFailed, "the PP-OCR detector gave an output of another shape") }
        let mh = map.h, mw = map.w
        let quads = TextBoxes().quads(probabilities: map.p, width: mw, height: mh)
        let sx = Double(page.width) / Double(mw), sy = Double(page.height) / Double(mh)
        func place(_ p: Point) -> Point {
            Point(x: min(Double(page.width), max(0, p.x * sx)), y: min(Double(page.height), max(0, p.y * sy)))
        }
        return quads.map {
            Quad(topLeft: place($0.topLeft), topRight: place($0.topRight), bottomRight: place($0.bottomRight),
                 bottomLeft: place($0.bottomLeft), score: $0.score)
        }.filter { $0.width >= 2 && $0.height >= 2 }
    }

    /// The detector's input size: long side ``detectorLongSide`` (small pictures enlarged at most 4×, so a
    /// stamp-sized crop still reads), both sides multiples of 32.
    static func detectorSize(width: Int, height: Int) -> (Int, Int) {
        let ratio = min(4, Double(detectorLongSide) / Double(max(1, width, height)))
        func round32(_ v: Double) -> Int { max(32, Int((v / 32).rounded()) * 32) }
        return (round32(Double(width) * ratio), round32(Double(height) * ratio))
    }

    /// The page's grey values resampled to `w`×`h`: the mean of each target pixel's footprint when shrinking,
    /// bilinear when enlarging.
    static func resample(_ page: Bitmap, toWidth w: Int, height h: Int) -> [Float] {
        let sw = page.width, sh = page.height
        var out = [Float](repeating: 255, count: w * h)
        let sx = Double(sw) / Double(w), sy = Double(sh) / Double(h)
        page.pixels.withUnsafeBufferPointer { src in
            if sx >= 1 && sy >= 1 {
                // Integral image: each target pixel is the mean of its source rectangle.
                var integral = [Double](repeating: 0, count: (sw + 1) * (sh + 1))
                for y in 0..<sh {
                    var row = 0.0
                    for x in 0..<sw {
                        row += Double(src[y * sw + x])
                        integral[(y + 1) * (sw + 1) + x + 1] = integral[y * (sw + 1) + x + 1] + row
                    }
                }
                for ty in 0..<h {
                    let y0 = min(sh - 1, Int(Double(ty) * sy)), y1 = max(y0 + 1, min(sh, Int(Double(ty + 1) * sy)))
                    for tx in 0..<w {
                        let x0 = min(sw - 1, Int(Double(tx) * sx)), x1 = max(x0 + 1, min(sw, Int(Double(tx + 1) * sx)))
                        let s = integral[y1 * (sw + 1) + x1] - integral[y0 * (sw + 1) + x1]
                            - integral[y1 * (sw + 1) + x0] + integral[y0 * (sw + 1) + x0]
                        out[ty * w + tx] = Float(s / Double((x1 - x0) * (y1 - y0)))
                    }
                }
            } else {
                for ty in 0..<h {
                    let fy = max(0, min(Double(sh - 1), (Double(ty) + 0.5) * sy - 0.5))
                    for tx in 0..<w {
                        let fx = max(0, min(Double(sw - 1), (Double(tx) + 0.5) * sx - 0.5))
                        out[ty * w + tx] = Float(bilinear(src, width: sw, height: sh, x: fx, y: fy))
                    }
                }
            }
        }
        return out
    }

    @inline(__always)
    static func bilinear(_ src: UnsafeBufferPointer<UInt8>, width: Int, height: Int, x: Double, y: Double) -> Double {
        let cx = max(0, min(Double(width - 1), x)), cy = max(0, min(Double(height - 1), y))
        let x0 = Int(cx), y0 = Int(cy)
        let x1 = min(width - 1, x0 + 1), y1 = min(height - 1, y0 + 1)
        let fx = cx - Double(x0), fy = cy - Double(y0)
        let a = Double(src[y0 * width + x0]), b = Double(src[y0 * width + x1])
        let c = Double(src[y1 * width + x0]), d = Double(src[y1 * width + x1])
        return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy
    }

    // MARK: - Recognition

    /// Reads every quad; lines read too weakly (``minimumLineScore``) or as nothing are left out.
    func read(_ quads: [Quad], on page: Bitmap) throws(OCRError) -> [Line] {
        // Lines that run down the page (1.5× taller than wide) are read turned a quarter, top end first.
        let oriented: [(quad: Quad, turned: Bool)] = quads.map {
            $0.height >= 1.5 * $0.width ? ($0.turnedForReading, true) : ($0, false)
        }
        let widths = oriented.map { max(1, Int((Double(Self.lineHeight) * $0.quad.width / max(1, $0.quad.height)).rounded(.up))) }
        let order = oriented.indices.sorted { widths[$0] < widths[$1] }
        var lines: [Line?] = Array(repeating: nil, count: oriented.count)
        var next = 0
        while next < order.count {
            // Up to batchSize lines, fewer when they are wide: the output is T × 18,710 floats a line (T = width/8),
            // and a worker's address space is limited (limits.worker_memory_mb).
            var batch = [order[next]]
            while batch.count < Self.batchSize, next + batch.count < order.count,
                  (batch.count + 1) * max(320, widths[order[next + batch.count]]) <= Self.batchPixels {
                batch.append(order[next + batch.count])
            }
            next += batch.count
            // At least 320 wide, as PP-OCR pads: narrower inputs read single characters worse.
            let batchWidth = max(320, batch.map { widths[$0] }.max() ?? 320)
            let plane = Self.lineHeight * batchWidth
            // Padding is 0 after normalisation (mid grey), as PP-OCR pads.
            var input = [Float](repeating: 0, count: batch.count * 3 * plane)
            for (k, i) in batch.enumerated() {
                let crop = Self.lineCrop(page, quad: oriented[i].quad, width: widths[i], height: Self.lineHeight)
                let base = k * 3 * plane
                for y in 0..<Self.lineHeight {
                    for x in 0..<widths[i] {
                        let v = crop[y * widths[i] + x] / 127.5 - 1
                        let at = y * batchWidth + x
                        input[base + at] = v
                        input[base + plane + at] = v
                        input[base + 2 * plane + at] = v
                    }
                }
            }
            let decoded = try recognizer.run(&input, shape: [batch.count, 3, Self.lineHeight, batchWidth]) {
                all, shape -> [(chars: [CTCDecoder.Character], steps: Int)]? in
                guard shape.count == 3, shape[0] == batch.count, shape[1] > 0, shape[2] > 1 else { return nil }
                let steps = shape[1], classes = shape[2]
                return (0..<batch.count).map { k in
                    let slice = UnsafeBufferPointer(rebasing: all[(k * steps * classes)..<((k + 1) * steps * classes)])
                    return (decoder.decode(slice, steps: steps, classes: classes), steps)
                }
            }
            guard let decoded else { throw OCRError(.recognitionFailed, "the PP-OCR recogniser gave an output of another shape") }
            for (k, i) in batch.enumerated() {
                let chars = decoded[k].chars
                let ink = chars.filter { $0.text != " " }
                guard !ink.isEmpty else { continue }
                let score = ink.map(\.probability).reduce(0, +) / Double(ink.count)
                guard score >= Self.minimumLineScore else { continue }
                lines[i] = Line(quad: oriented[i].quad, turned: oriented[i].turned, characters: chars,
                                steps: decoded[k].steps, filled: Double(widths[i]) / Double(batchWidth), score: score)
            }
        }
        return lines.compactMap { $0 }
    }

    /// The quad's pixels straightened into `width`×`height` grey values (several samples a pixel when the
    /// line is scaled down, so thin strokes survive).
    static func lineCrop(_ page: Bitmap, quad: Quad, width: Int, height: Int) -> [Float] {
        var out = [Float](repeating: 255, count: width * height)
        let scale = quad.height / Double(height)
        let k = max(1, min(4, Int(scale.rounded(.up))))
        page.pixels.withUnsafeBufferPointer { src in
            for y in 0..<height {
                for x in 0..<width {
                    var sum = 0.0
                    for sy in 0..<k {
                        for sx in 0..<k {
                            let u = (Double(x) + (Double(sx) + 0.5) / Double(k)) / Double(width)
                            let v = (Double(y) + (Double(sy) + 0.5) / Double(k)) / Double(height)
                            let p = quad.point(u: u, v: v)
                            sum += bilinear(src, width: page.width, height: page.height, x: p.x - 0.5, y: p.y - 0.5)
                        }
                    }
                    out[y * width + x] = Float(sum / Double(k * k))
                }
            }
        }
        return out
    }

    // MARK: - Glyphs

    /// Lines into glyphs: rows of lines top to bottom, lines of a row left to right joined by " ", "\n" after
    /// each row. Each character's box is its stretch of the line (between the midpoints to its neighbours'
    /// time steps) shrunk to the ink inside; confidence is its mean probability × 100.
    static func glyphs(of lines: [Line], page: Bitmap) -> [Glyph] {
        var glyphs: [Glyph] = []
        let pw = Double(page.width), ph = Double(page.height)
        for row in rows(of: lines) {
            var previous: Box?
            for (n, line) in row.enumerated() {
                let boxes = characterBoxes(line, page: page)
                if n > 0, let previous { glyphs.append(Glyph(text: " ", box: previous, confidence: nil)) }
                var pendingSpace = false
                for (c, box) in zip(line.characters, boxes) {
                    if c.text == " " {
                        pendingSpace = previous != nil && glyphs.last?.text != " " && glyphs.last?.text != "\n"
                        continue
                    }
                    let b = PrescreenCore.Box(x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0,
                                              pageWidth: pw, pageHeight: ph)
                    if pendingSpace, let previous { glyphs.append(Glyph(text: " ", box: previous, confidence: nil)) }
                    pendingSpace = false
                    glyphs.append(Glyph(text: c.text, box: b, confidence: (c.probability * 100).rounded() / 1))
                    previous = b
                }
            }
            if let previous { glyphs.append(Glyph(text: "\n", box: previous, confidence: nil)) }
        }
        return glyphs
    }

    /// Lines grouped into visual rows, rows top to bottom, lines of a row left to right. Lines read turned are
    /// rows of their own.
    ///
    /// Two lines share a row when, halfway between them across the page, their centre lines are less than half
    /// a line height apart and they do not overlap across: the line's own slope counts, because on a skewed
    /// scan a full-width line's axis-aligned box spans several lines (3° over 1,400 px is 73 px) and would pull
    /// the ends of the lines above and below into its row.
    static func rows(of lines: [Line]) -> [[Line]] {
        func centre(_ q: Quad) -> (left: Point, right: Point) {
            (Point(x: (q.topLeft.x + q.bottomLeft.x) / 2, y: (q.topLeft.y + q.bottomLeft.y) / 2),
             Point(x: (q.topRight.x + q.bottomRight.x) / 2, y: (q.topRight.y + q.bottomRight.y) / 2))
        }
        func y(_ q: Quad, at x: Double) -> Double {
            let c = centre(q)
            let dx = c.right.x - c.left.x
            guard abs(dx) > 1e-6 else { return (c.left.y + c.right.y) / 2 }
            return c.left.y + (c.right.y - c.left.y) * (x - c.left.x) / dx
        }
        func sameRow(_ a: Quad, _ b: Quad) -> Bool {
            let overlap = min(a.maxX, b.maxX) - max(a.minX, b.minX)
            guard overlap < 0.3 * min(a.maxX - a.minX, b.maxX - b.minX) else { return false }
            let ca = centre(a), cb = centre(b)
            let xm = ((ca.left.x + ca.right.x) / 2 + (cb.left.x + cb.right.x) / 2) / 2
            return abs(y(a, at: xm) - y(b, at: xm)) < 0.5 * min(a.height, b.height)
        }
        var rows: [[Line]] = []
        let sorted = lines.sorted { y($0.quad, at: ($0.quad.minX + $0.quad.maxX) / 2) < y($1.quad, at: ($1.quad.minX + $1.quad.maxX) / 2) }
        for line in sorted {
            if !line.turned,
               let k = rows.lastIndex(where: { row in row.allSatisfy { !$0.turned } && row.contains { sameRow($0.quad, line.quad) } }) {
                rows[k].append(line)
            } else {
                rows.append([line])
            }
        }
        // A row's place: where its leftmost line starts (on a skewed page a row's right end sits lower or higher).
        func top(_ row: [Line]) -> Double {
            guard let first = row.min(by: { $0.quad.minX < $1.quad.minX }) else { return 0 }
            return centre(first.quad).left.y
        }
        return rows.sorted { top($0) < top($1) }.map { $0.sorted { $0.quad.minX < $1.quad.minX } }
    }

    /// Each character's pixel box on the page (x0, y0, x1, y1), in the order of `line.characters`.
    static func characterBoxes(_ line: Line, page: Bitmap) -> [(x0: Double, y0: Double, x1: Double, y1: Double)] {
        let chars = line.characters
        guard !chars.isEmpty else { return [] }
        // Centres along the line as fractions of the crop: a step covers 1/steps of the padded input, of which
        // the crop filled `filled`.
        let centers = chars.map { c -> Double in
            let mid = (Double(c.firstStep) + Double(c.lastStep) + 1) / 2 / Double(line.steps)
            return min(1, max(0, mid / line.filled))
        }
        // Half a character's width as a fraction of the line's length: Han characters are about as wide as the
        // line is high, others about half that.
        let aspect = line.quad.height / max(1, line.quad.width)
        var out: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        for i in chars.indices {
            let half = (HanReread.isHan(chars[i].text) ? 0.5 : 0.3) * aspect
            var u0 = max(0, centers[i] - half), u1 = min(1, centers[i] + half)
            if i > 0 { u0 = max(u0, (centers[i - 1] + centers[i]) / 2) }
            if i + 1 < chars.count { u1 = min(u1, (centers[i] + centers[i + 1]) / 2) }
            if u1 <= u0 { u1 = min(1, u0 + 0.001) }
            let corners = [line.quad.point(u: u0, v: 0), line.quad.point(u: u1, v: 0),
                           line.quad.point(u: u1, v: 1), line.quad.point(u: u0, v: 1)]
            var box = (x0: corners.map(\.x).min() ?? 0, y0: corners.map(\.y).min() ?? 0,
                       x1: corners.map(\.x).max() ?? 0, y1: corners.map(\.y).max() ?? 0)
            if chars[i].text != " " { box = shrinkToInk(box, page: page) }
            out.append(box)
        }
        return out
    }

    /// The box shrunk to the pixels darker than mid-grey inside it (unchanged when it holds none).
    static func shrinkToInk(_ b: (x0: Double, y0: Double, x1: Double, y1: Double), page: Bitmap)
        -> (x0: Double, y0: Double, x1: Double, y1: Double) {
        let x0 = max(0, Int(b.x0)), x1 = min(page.width, Int(b.x1.rounded(.up)))
        let y0 = max(0, Int(b.y0)), y1 = min(page.height, Int(b.y1.rounded(.up)))
        guard x1 > x0, y1 > y0 else { return b }
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        page.pixels.withUnsafeBufferPointer { px in
            for y in y0..<y1 {
                for x in x0..<x1 where px[y * page.width + x] < 128 {
                    minX = min(minX, x); maxX = max(maxX, x)
                    minY = min(minY, y); maxY = max(maxY, y)
                }
            }
        }
        guard maxX >= minX, maxY >= minY else { return b }
        return (Double(minX), Double(minY), Double(maxX + 1), Double(maxY + 1))
    }
}
