import Foundation
import PrescreenCore

/// A field's value on a form: fixed text, or one of the person's sensitive items (masked per the plan).
public enum FieldValue: Sendable, Hashable {
    case plain(String)
    case name
    case formerName
    /// The employer's full name.
    case employer
    /// The employer without its region prefix.
    case employerCore
    /// The first listed alias.
    case alias
    /// A short form applicant.yml does not list.
    case unlistedAlias
    /// The i-th other person's name.
    case other(Int)
    /// The ID number; `valid: false` writes one with a wrong check digit.
    case id(valid: Bool)
}

/// Lays out forms page by page and records the ground truth of every sensitive item it writes.
public struct FormBuilder: Sendable {
    public private(set) var pages: [Page] = []
    public private(set) var exposures: [Exposure] = []
    public let person: Person
    public var plan: MaskPlan
    public let font: FontFamily
    public let size: PageSize
    public let margin: Double
    /// The current baseline, points from the top.
    public var y: Double
    public let face: Bitmap?
    private var seed: UInt64

    /// The labels whose visible value is a label finding.
    public static let countingLabels: Set<String> = ["姓名", "工作单位", "单位", "单位名称"]

    /// A builder with one empty page.
    public init(person: Person, plan: MaskPlan, font: FontFamily = .sans, size: PageSize = .a4, margin: Double = 56,
                face: Bitmap? = nil, seed: UInt64 = 1) {
        self.person = person; self.plan = plan; self.font = font; self.size = size; self.margin = margin
        self.face = face; self.seed = seed; self.y = margin
        pages = [Page(size: size)]
    }

    var current: Int { pages.count - 1 }
    /// The usable width between the margins.
    public var width: Double { size.width - 2 * margin }

    /// Starts a new page.
    public mutating func newPage() {
        pages.append(Page(size: size))
        y = margin
    }

    /// Adds an element to the current page.
    public mutating func add(_ e: PageElement) { pages[current].add(e) }

    /// A centred title line.
    public mutating func title(_ s: String, size fs: Double = 18, color: RGBColor = .black, bold: Bool = true) {
        y += fs * 1.3
        add(.text(TextRun(s, x: size.width / 2, y: y, size: fs, font: font, bold: bold, color: color, align: .center)))
        y += fs * 0.5
    }

    /// A plain left-aligned line.
    public mutating func line(_ s: String, size fs: Double = 11, indent: Double = 0, align: TextAlign = .left) {
        y += fs * 1.6
        let x = align == .right ? size.width - margin : (align == .center ? size.width / 2 : margin + indent)
        add(.text(TextRun(s, x: x, y: y, size: fs, font: font, align: align)))
    }

    /// Plain text wrapped to the page width.
    public mutating func paragraph(_ s: String, size fs: Double = 11, indent: Double = 0) {
        let perLine = max(8, Int((width - indent) / fs))
        var chars = Array("\u{3000}\u{3000}" + s)
        while !chars.isEmpty {
            let n = min(perLine, chars.count)
            line(String(chars[0..<n]), size: fs, indent: indent)
            chars.removeFirst(n)
        }
    }

    /// Moves the baseline down.
    public mutating func space(_ pt: Double) { y += pt }

    /// The text a value is written as when visible.
    public func text(of v: FieldValue) -> String {
        switch v {
        case .plain(let s): return s
        case .name: return person.name
        case .formerName: return person.formerName ?? person.name
        case .employer: return person.employer.full
        case .employerCore: return person.employer.core
        case .alias: return person.employer.aliases.first ?? person.employer.core
        case .unlistedAlias: return person.employer.unlistedAlias
        case .other(let i): return person.other(i)
        case .id(let valid): return valid ? person.idNumber : IDNumber.corrupted(person.idNumber)
        }
    }

    private func mask(of v: FieldValue) -> Mask {
        switch v {
        case .name, .formerName: return plan.name
        case .employer, .employerCore, .alias, .unlistedAlias: return plan.employer
        case .id: return plan.idNumber
        case .plain, .other: return .visible
        }
    }

    private func kinds(of v: FieldValue) -> [ExposureKind] {
        switch v {
        case .plain: return []
        case .name, .formerName: return [.applicantName]
        case .employer, .employerCore, .alias: return [.employer]
        case .unlistedAlias: return [.unlistedEmployerAlias]
        case .other: return [.otherName]
        case .id(let valid): return [.idNumber(valid: valid)]
        }
    }

    /// Writes a value at (x, baseline) with its mask, recording exposures (and a label one when `label` counts).
    public mutating func value(_ v: FieldValue, x: Double, y vy: Double, size fs: Double = 11, label: String? = nil) {
        let raw = text(of: v)
        let m = mask(of: v)
        let run = TextRun(raw, x: x, y: vy, size: fs, font: font)
        let r = run.approximateRect
        let box = pages[current].box(x: r.x, y: r.y, width: r.width, height: r.height)
        var shown = Shown.visible
        switch m {
        case .visible:
            add(.text(run))
        case .xx, .stars, .crosses:
            let replacement: String
            if case .id = v, m == .stars { replacement = IDNumber.masked(raw) } else {
                replacement = m == .xx ? "XX XX" : (m == .stars ? "**" : "×××")
            }
            add(.text(TextRun(replacement, x: x, y: vy, size: fs, font: font)))
            shown = .masked
        case .burnedBox:
            add(.rect(x: r.x - 1, y: r.y - 1, width: r.width + 2, height: r.height + 2, fill: .black, stroke: nil,
                      lineWidth: 0))
            shown = .masked
        case .mosaic:
            add(.mosaic(x: r.x - 1, y: r.y - 1, width: r.width + 2, height: r.height + 2, cell: max(3, fs / 2.5),
                        seed: nextSeed()))
            shown = .masked
        case .vectorBox:
            add(.text(run))
            add(.rect(x: r.x - 1.5, y: r.y - 1.5, width: r.width + 3, height: r.height + 3, fill: .black, stroke: nil,
                      lineWidth: 0))
            shown = .underBox
        case .blank:
            shown = .masked
        }
        var ks = kinds(of: v)
        if let label, Self.countingLabels.contains(label), !ks.isEmpty || m == .visible { ks.append(.label) }
        for k in ks { exposures.append(Exposure(kind: k, page: current, box: box, shown: shown, isText: true)) }
    }

    /// A row of label: value pairs, laid out in `columns` columns, optionally inside a ruled grid.
    public mutating func fields(_ items: [(String, FieldValue)], columns: Int = 1, size fs: Double = 11,
                                grid: Bool = false, labelWidth: Double = 80, rowHeight: Double? = nil) {
        let rh = rowHeight ?? fs * 2.2
        let colWidth = (width - (grid ? 0 : 0)) / Double(columns)
        var i = 0
        while i < items.count {
            let top = y
            for c in 0..<columns where i + c < items.count {
                let (label, v) = items[i + c]
                let x0 = margin + Double(c) * colWidth
                let base = top + rh * 0.68
                add(.text(TextRun(grid ? label : label + "：", x: x0 + 4, y: base, size: fs, font: font)))
                value(v, x: x0 + labelWidth, y: base, size: fs, label: label)
                if grid {
                    add(.rect(x: x0, y: top, width: labelWidth - 4, height: rh, fill: nil, stroke: .black, lineWidth: 0.6))
                    add(.rect(x: x0 + labelWidth - 4, y: top, width: colWidth - labelWidth + 4, height: rh, fill: nil,
                              stroke: .black, lineWidth: 0.6))
                }
            }
            y = top + rh
            i += columns
        }
    }

    /// A bordered box of `height` with a heading label and wrapped text inside.
    public mutating func section(_ heading: String, text: String, height: Double, size fs: Double = 10.5) {
        let top = y
        add(.rect(x: margin, y: top, width: width, height: height, fill: nil, stroke: .black, lineWidth: 0.6))
        y = top
        line(heading, size: fs + 0.5, indent: 6)
        paragraph(text, size: fs, indent: 6)
        y = top + height
    }

    /// An ID photo (25 × 35 mm unless sized) at (x, y), masked per the plan.
    public mutating func photo(x: Double, y py: Double, width w: Double = 70.9, height h: Double = 99.2) {
        let box = pages[current].box(x: x, y: py, width: w, height: h)
        var shown = Shown.visible
        switch plan.photo {
        case .visible:
            add(.photo(x: x, y: py, width: w, height: h, image: face))
        case .mosaic:
            add(.photo(x: x, y: py, width: w, height: h, image: face))
            add(.mosaic(x: x, y: py, width: w, height: h, cell: 9, seed: nextSeed()))
            shown = .masked
        case .blank, .xx, .stars, .crosses:
            add(.rect(x: x, y: py, width: w, height: h, fill: nil, stroke: .grey, lineWidth: 0.6))
            add(.text(TextRun("照片", x: x + w / 2, y: py + h / 2, size: 10, font: font, color: .grey, align: .center)))
            shown = .masked
        case .burnedBox, .vectorBox:
            add(.photo(x: x, y: py, width: w, height: h, image: face))
            add(.rect(x: x - 1, y: py - 1, width: w + 2, height: h + 2, fill: .black, stroke: nil, lineWidth: 0))
            shown = .masked
        }
        exposures.append(Exposure(kind: .photo, page: current, box: box, shown: shown, isText: false))
    }

    /// A red round seal centred at (cx, cy): the employer's (masked per the plan) or a third party's (always shown).
    public mutating func seal(employer: Bool, issuer: String? = nil, cx: Double, cy: Double, radius: Double = 42) {
        let ring = employer ? person.employer.full : (issuer ?? "阿克苏地区人力资源和社会保障局")
        let box = pages[current].box(x: cx - radius, y: cy - radius, width: 2 * radius, height: 2 * radius)
        let m = employer ? plan.seal : .visible
        var shown = Shown.visible
        if m != .blank {
            add(.seal(cx: cx, cy: cy, radius: radius, ringText: ring, centerText: employer ? nil : "专用章",
                      color: .sealRed))
        }
        switch m {
        case .visible: break
        case .mosaic:
            add(.mosaic(x: cx - radius, y: cy - radius, width: 2 * radius, height: 2 * radius, cell: 8, seed: nextSeed()))
            shown = .masked
        default:
            if m != .blank {
                add(.rect(x: cx - radius - 1, y: cy - radius - 1, width: 2 * radius + 2, height: 2 * radius + 2,
                          fill: .black, stroke: nil, lineWidth: 0))
            }
            shown = .masked
        }
        exposures.append(Exposure(kind: employer ? .employerSeal : .thirdPartySeal, page: current, box: box,
                                  shown: shown, isText: false))
    }

    /// The applicant's handwritten signature at (x, baseline), masked per the plan.
    public mutating func signature(x: Double, y sy: Double, size fs: Double = 20) {
        let w = fs * Double(person.name.count), h = fs * 1.3
        let box = pages[current].box(x: x - 4, y: sy - fs, width: w + 8, height: h)
        var shown = Shown.visible
        switch plan.signature {
        case .visible:
            add(.signature(text: person.name, x: x, y: sy, size: fs, angle: -4, color: .ink))
        case .mosaic:
            add(.signature(text: person.name, x: x, y: sy, size: fs, angle: -4, color: .ink))
            add(.mosaic(x: x - 4, y: sy - fs, width: w + 8, height: h, cell: 6, seed: nextSeed()))
            shown = .masked
        case .blank, .xx, .stars, .crosses:
            shown = .masked
        case .burnedBox, .vectorBox:
            add(.signature(text: person.name, x: x, y: sy, size: fs, angle: -4, color: .ink))
            add(.rect(x: x - 4, y: sy - fs, width: w + 8, height: h, fill: .black, stroke: nil, lineWidth: 0))
            shown = .masked
        }
        exposures.append(Exposure(kind: .signature, page: current, box: box, shown: shown, isText: false))
    }

    /// Someone else's signature (a decoy): never masked.
    public mutating func otherSignature(_ i: Int, x: Double, y sy: Double, size fs: Double = 18) {
        add(.signature(text: person.other(i), x: x, y: sy, size: fs, angle: 3, color: .ink))
    }

    /// A QR-code-like block.
    public mutating func qr(x: Double, y qy: Double, size s: Double = 70) {
        add(.qrCode(x: x, y: qy, size: s, seed: nextSeed()))
    }

    private mutating func nextSeed() -> UInt64 {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return seed
    }

    /// The finished draft.
    public func draft(_ type: DocumentType, year: Int? = nil, part: String? = nil) -> DocumentDraft {
        DocumentDraft(type: type, year: year, part: part, pages: pages, exposures: exposures)
    }
}
