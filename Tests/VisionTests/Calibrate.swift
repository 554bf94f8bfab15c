import DocumentKit
import Foundation
import PrescreenCore
import Testing
@testable import Vision

@Suite struct Calibrate {
    @Test func calibrate() throws {
        guard ProcessInfo.processInfo.environment["CALIBRATE"] != nil else { return }
        let face = try #require(FaceSource.load(cacheDirectory: URL(fileURLWithPath: NSHomeDirectory() + "/.cache/prescreen-gen")))
        let det = try FaceDetector()
        for widthIn in [0.5, 0.6, 0.8, 1.0] {
            for mask in ["none", "black", "mosaic", "blur", "sticker"] {
                for dpi in [100.0, 150.0, 200.0] {
                    var page = Page()
                    let w = widthIn * 72, h = w * 1.4
                    var img = face
                    if mask == "blur" { img = try Imaging.apply(.blur(radius: max(3, face.width / 25)), to: face) }
                    page.add(.photo(x: 400, y: 100, width: w, height: h, image: img))
                    page.text("姓名：张伟  工作单位：阿克苏地区第一人民医院", x: 60, y: 120, size: 12)
                    switch mask {
                    case "black": page.add(.rect(x: 399, y: 99, width: w + 2, height: h + 2, fill: .black, stroke: nil, lineWidth: 0))
                    case "mosaic": page.add(.mosaic(x: 400, y: 100, width: w, height: h, cell: 9, seed: 3))
                    case "sticker": page.add(.rect(x: 395, y: 95, width: w + 10, height: h + 10, fill: RGBColor(0.95, 0.85, 0.2), stroke: nil, lineWidth: 0))
                    default: break
                    }
                    let bmp = try DocumentWriter.scan(page, dpi: dpi, effects: [.noise(sigma: 6, seed: 1)])
                    let t0 = Date()
                    let faces = try det.faces(in: bmp, dpi: dpi)
                    let ms = Int(Date().timeIntervalSince(t0) * 1000)
                    let photoBox = page.box(x: 400, y: 100, width: w, height: h)
                    let m = MaskTest.measure(bmp, box: photoBox)
                    let fm = faces.first.flatMap { MaskTest.measure(bmp, box: $0.box) }
                    print("CAL w=\(widthIn) mask=\(mask) dpi=\(dpi) faces=\(faces.count) masked=\(faces.map(\.masked)) ms=\(ms) photo dev=\(m.map { Int($0.deviation) } ?? -1) det=\(m.map { ($0.detail * 10).rounded() / 10 } ?? -1) face det=\(fm.map { ($0.detail * 10).rounded() / 10 } ?? -1) dev=\(fm.map { Int($0.deviation) } ?? -1)")
                }
            }
        }
    }
}
