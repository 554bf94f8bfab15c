import PrescreenCore
import Testing

/// The pixel and geometry values every stage shares.
struct BitmapAndBoxTests {
    @Test func greyIsTheRec601WeightedSumRoundedDown() {
        // Pure red, green, blue, white, black and one mixed pixel.
        let rgb = Bitmap(width: 6, height: 1, channels: 3, dpi: 150,
                         pixels: [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 200, 100, 50])
        let g = rgb.grayscale()
        #expect(g.channels == 1 && g.width == 6 && g.height == 1 && g.dpi == 150)
        #expect(g.pixels == [76, 149, 29, 255, 0, (200 * 299 + 100 * 587 + 50 * 114) / 1000].map(UInt8.init))
        // Already grey: the same bitmap back.
        #expect(g.grayscale() == g)
    }

    @Test func aBoxContainsWhatLiesWithinIt() {
        let outer = Box(x0: 0.1, y0: 0.1, x1: 0.5, y1: 0.5)
        #expect(outer.contains(Box(x0: 0.2, y0: 0.2, x1: 0.5, y1: 0.4)))
        #expect(outer.contains(outer))
        #expect(!outer.contains(Box(x0: 0.2, y0: 0.2, x1: 0.51, y1: 0.4)))
        #expect(!outer.contains(Box(x0: 0.0, y0: 0.2, x1: 0.3, y1: 0.3)))
    }
}
