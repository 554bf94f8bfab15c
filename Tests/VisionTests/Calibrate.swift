import DocumentKit
import Foundation
import OCR
import PrescreenCore
import Testing
@testable import Vision

@Suite struct Calibrate {
    @Test func calibrate() throws {
        guard ProcessInfo.processInfo.environment["CALIBRATE"] != nil else { return }
        let face = try #require(FaceSource.load(cacheDirectory: URL(fileURLWithPath: NSHomeDirectory() + "/.cache/prescreen-gen")))
        for ring in ["阿克苏地区第一人民医院", "阿克苏地区职称改革领导小组办公室", "新疆维吾尔自治区语言文字工作委员会", "库车市供水有限责任公司"] {
        for (name, dpi, fx) in [("colour100", 100.0, [ScanEffect]()), ("colour150", 150.0, [ScanEffect]()), ("grey150", 150.0, [ScanEffect.grey, .noise(sigma: 6, seed: 2)])] {
            var page = Page()
            page.add(.seal(cx: 300, cy: 300, radius: 42, ringText: ring, centerText: nil, color: .sealRed))
            page.text("单位盖章：", x: 200, y: 310, size: 12)
            let bmp = try DocumentWriter.scan(page, dpi: dpi, effects: fx)
            let seals = SealDetector.seals(in: bmp, dpi: dpi)
            print("CAL \(name) seals=\(seals.count)")
            if let s = seals.first {
                let ocr = try TesseractRecognizer(languages: "chi_sim")
                for ch in [44, 56] {
                    let strip = SealDetector.unwrapRing(bmp, seal: s, charHeight: ch)
                    try Imaging.encode(strip, as: .png).write(to: URL(fileURLWithPath: "/tmp/strip-\(name)-\(ch).png"))
                    print("CAL ocr \(ring) \(name) \(ch): \(try ocr.recognize(strip).string)")
                }
            }
        }
        }
        for mask in ["none", "mosaic"] {
            var page = Page()
            page.add(.photo(x: 400, y: 100, width: 72, height: 100, image: face))
            if mask == "mosaic" { page.add(.mosaic(x: 400, y: 100, width: 72, height: 100, cell: 8, seed: 3)) }
            page.text("2022年1月20日", x: 400, y: 150, size: 10)
            let bmp = try DocumentWriter.scan(page, dpi: 150, effects: [.grey, .noise(sigma: 8, seed: 1)])
            let box = page.box(x: 410, y: 110, width: 52, height: 60)
            print("CAL \(mask) masked=\(MaskTest.isMasked(bmp, box: box)) grid=\(MaskTest.gridLines(bmp, box: box)) m=\(String(describing: MaskTest.measure(bmp, box: box)))")
        }
    }
}
