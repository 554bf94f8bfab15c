import Foundation
import PrescreenCore
import Testing
@testable import Vision

@Suite struct FaceDetectorTests {
    @Test func blankPageHasNoFaces() throws {
        let detector = try FaceDetector()
        let page = Bitmap(width: 1240, height: 1754, channels: 1, dpi: 150, filledWith: 255)
        #expect(try detector.faces(in: page).isEmpty)
    }
}
