import Foundation
import OCR
import PrescreenCore
import Testing
import TestSupport

/// A small deterministic grey and RGB page: a gradient with a dark block, so any byte-order or
/// channel mix-up changes pixels.
enum CodecSamples {
    static func grey(width: Int = 97, height: Int = 61, dpi: Double = 300) -> Bitmap {
        var px = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                px[y * width + x] = (x > 20 && x < 40 && y > 10 && y < 30) ? 10 : UInt8((x * 2 + y) % 256)
            }
        }
        return Bitmap(width: width, height: height, channels: 1, dpi: dpi, pixels: px)
    }

    static func rgb(width: Int = 83, height: Int = 47, dpi: Double = 200) -> Bitmap {
        var px = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                px[i] = UInt8(x * 3 % 256); px[i + 1] = UInt8(y * 5 % 256); px[i + 2] = x > 40 ? 200 : 30
            }
        }
        return Bitmap(width: width, height: height, channels: 3, dpi: dpi, pixels: px)
    }

    /// Largest per-byte difference between two bitmaps of the same shape.
    static func maxDifference(_ a: Bitmap, _ b: Bitmap) -> Int {
        zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }
}

struct ImageCodecTests {
    @Test(arguments: ["png", "tiff", "bmp"])
    func losslessFormatsDecodeExactly(format: String) throws {
        for sample in [CodecSamples.grey(), CodecSamples.rgb()] {
            let data = OCRFixtures.encode(sample, as: format)
            let pages = try ImageCodec.decode(data)
            try #require(pages.count == 1)
            let page = pages[0]
            #expect(page.channels == sample.channels, "\(format) channels")
            #expect(page.width == sample.width && page.height == sample.height)
            #expect(page.pixels == sample.pixels, "\(format) pixels differ")
            if format != "bmp" { #expect(page.dpi == sample.dpi) }
        }
    }

    @Test func jpegDecodesCloseToTheSource() throws {
        for sample in [CodecSamples.grey(), CodecSamples.rgb()] {
            let pages = try ImageCodec.decode(OCRFixtures.encode(sample, as: "jpeg"))
            try #require(pages.count == 1)
            #expect(pages[0].channels == sample.channels)
            #expect(pages[0].width == sample.width && pages[0].height == sample.height)
            #expect(pages[0].dpi == sample.dpi)
            // Lossy: compare the mean error, which a channel swap or byte-order bug blows far past.
            let total = zip(pages[0].pixels, sample.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
            #expect(Double(total) / Double(sample.pixels.count) < 8)
        }
    }

    @Test func multipageTIFFDecodesEveryPage() throws {
        let pages = [CodecSamples.grey(width: 50, height: 40), CodecSamples.rgb(width: 30, height: 70),
                     CodecSamples.grey(width: 64, height: 64, dpi: 150)]
        let data = OCRFixtures.multipageTIFF(pages)
        let decoded = try ImageCodec.decode(data)
        try #require(decoded.count == pages.count)
        for (got, want) in zip(decoded, pages) {
            #expect(got.width == want.width && got.height == want.height && got.channels == want.channels)
            #expect(got.pixels == want.pixels)
        }
    }

    @Test func binaryPalettedAndSixteenBitImagesBecomeGreyOrRGB() throws {
        let text = OCRFixtures.textBitmap(lines: ["ABC"], fontSize: 12, dpi: 300)
        let binary = try ImageCodec.decode(OCRFixtures.encode(text, as: "png", variant: .binary))[0]
        #expect(binary.channels == 1 && binary.width == text.width)
        #expect(Set(binary.pixels).isSubset(of: [0, 255]) && binary.pixels.contains(0) && binary.pixels.contains(255))
        let greyPalette = try ImageCodec.decode(OCRFixtures.encode(CodecSamples.grey(), as: "png", variant: .palette))[0]
        #expect(greyPalette.channels == 1)
        #expect(CodecSamples.maxDifference(greyPalette, CodecSamples.grey()) <= 1)
        let colourPalette = try ImageCodec.decode(OCRFixtures.encode(CodecSamples.rgb(), as: "png", variant: .palette))[0]
        #expect(colourPalette.channels == 3)
        let sixteen = try ImageCodec.decode(OCRFixtures.encode(CodecSamples.grey(), as: "png", variant: .sixteenBit))[0]
        #expect(sixteen.channels == 1)
        #expect(CodecSamples.maxDifference(sixteen, CodecSamples.grey()) <= 1)
    }

    @Test(arguments: [
        ("empty", Data()),
        ("text", Data("this is not an image at all, just some words".utf8)),
        ("random", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })),
        ("pdf", Data("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".utf8)),
    ])
    func garbageFailsToDecode(name: String, data: Data) {
        #expect {
            try ImageCodec.decode(data)
        } throws: { ($0 as? OCRError)?.code == .decodeFailed }
    }

    @Test(arguments: ["png", "jpeg", "tiff", "bmp"])
    func truncatedDataFailsToDecode(format: String) {
        let data = OCRFixtures.encode(CodecSamples.rgb(width: 300, height: 200), as: format)
        let cut = data.prefix(data.count / 2)
        #expect {
            try ImageCodec.decode(Data(cut))
        } throws: { ($0 as? OCRError)?.code == .decodeFailed }
    }

    @Test func truncatedMultipageTIFFFailsToDecode() {
        let data = OCRFixtures.multipageTIFF([CodecSamples.grey(), CodecSamples.grey(), CodecSamples.rgb()])
        #expect {
            try ImageCodec.decode(Data(data.prefix(data.count * 2 / 3)))
        } throws: { ($0 as? OCRError)?.code == .decodeFailed }
    }

    @Test func hugeHeaderIsRefusedBeforeDecoding() throws {
        let bomb = OCRFixtures.pngHeaderOnly(width: 100_000, height: 100_000)
        // Decoding would need 10 GB; the header check must refuse it first (with .tooLarge, not .decodeFailed).
        #expect {
            try ImageCodec.decode(bomb)
        } throws: { ($0 as? OCRError)?.code == .tooLarge }
    }

    @Test func pixelBudgetIsConfigurable() throws {
        let data = OCRFixtures.encode(CodecSamples.grey(width: 100, height: 100), as: "png")
        #expect(try ImageCodec.decode(data, maxPixels: 10_000).count == 1)
        #expect {
            try ImageCodec.decode(data, maxPixels: 9_999)
        } throws: { ($0 as? OCRError)?.code == .tooLarge }
        let tiff = OCRFixtures.multipageTIFF([CodecSamples.grey(width: 10, height: 10), CodecSamples.grey(width: 100, height: 100)])
        // The second page alone is over budget: every page is checked, not just the first.
        #expect {
            try ImageCodec.decode(tiff, maxPixels: 5_000)
        } throws: { ($0 as? OCRError)?.code == .tooLarge }
    }

    @Test func encodePNGRoundTrips() throws {
        for sample in [CodecSamples.grey(), CodecSamples.rgb()] {
            let png = try ImageCodec.encodePNG(sample)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let back = try ImageCodec.decode(png)
            #expect(back == [sample])
        }
    }
}
