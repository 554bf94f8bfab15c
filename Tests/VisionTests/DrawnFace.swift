import Foundation
import PrescreenCore

/// A frontal face drawn in code, for face tests that must run where scikit-image's photos are missing.
///
/// The cascades look for a face's light and dark layout, not for a person: a light oval with dark hair above and
/// beside it, two dark eyes under darker brows with a lighter bridge between them, shadowed nostrils and a dark
/// mouth, all soft-edged like a photographed face. Each part is a smooth blob (a raised cosine over an ellipse),
/// so the picture has the gradients a photo has and none of the hard edges print has.
enum DrawnFace {
    /// A grey ID-photo-shaped bitmap (`width` × 1.3 `width`) of a face on a mid-grey studio background; without
    /// `features`, only the head's oval, hair and shading (the control that must not be a face).
    static func bitmap(width: Int = 240, features: Bool = true) -> Bitmap {
        var canvas = Canvas(width: width, height: Int((Double(width) * 1.3).rounded()), ground: 128)
        // Hair and shoulders, then the face, lit from the front.
        canvas.blob(0.5, 0.36, 0.46, 0.40, 55)
        canvas.blob(0.5, 1.02, 0.62, 0.22, 70)
        canvas.blob(0.5, 0.50, 0.33, 0.34, 200)
        canvas.blob(0.5, 0.47, 0.25, 0.26, 215, strength: 0.7)
        guard features else { return canvas.bitmap }
        for side in [0.36, 0.64] {
            canvas.blob(side, 0.355, 0.09, 0.025, 70)  // brow
            canvas.blob(side, 0.42, 0.10, 0.05, 150, strength: 0.8)  // eye socket
            canvas.blob(side, 0.42, 0.06, 0.025, 45)  // eye
        }
        // The nose: a light bridge, shadowed nostrils and the shadow under its tip.
        canvas.blob(0.5, 0.50, 0.045, 0.11, 225, strength: 0.8)
        canvas.blob(0.44, 0.57, 0.03, 0.03, 140, strength: 0.8)
        canvas.blob(0.56, 0.57, 0.03, 0.03, 140, strength: 0.8)
        canvas.blob(0.5, 0.585, 0.06, 0.02, 150, strength: 0.6)
        // Mouth and the shadow under the lower lip.
        canvas.blob(0.5, 0.68, 0.12, 0.03, 95)
        canvas.blob(0.5, 0.72, 0.08, 0.02, 165, strength: 0.6)
        return canvas.bitmap
    }

    /// Grey values being painted, as doubles so that blended blobs do not round at every step.
    private struct Canvas {
        let width: Int
        let height: Int
        var values: [Double]

        init(width: Int, height: Int, ground: Double) {
            self.width = width
            self.height = height
            values = [Double](repeating: ground, count: width * height)
        }

        /// Blends `value` into the ellipse at (`cx`, `cy`) with radii (`rx`, `ry`), all fractions of the picture,
        /// weighted by a raised cosine from its centre (`strength`) to its edge (0): a soft blob.
        mutating func blob(_ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, _ value: Double,
                           strength: Double = 1) {
            let (w, h) = (Double(width), Double(height))
            let (x0, x1) = (max(0, Int((cx - rx) * w)), min(width - 1, Int((cx + rx) * w)))
            let (y0, y1) = (max(0, Int((cy - ry) * h)), min(height - 1, Int((cy + ry) * h)))
            guard x0 <= x1, y0 <= y1 else { return }
            for y in y0...y1 {
                for x in x0...x1 {
                    let dx = (Double(x) / w - cx) / rx, dy = (Double(y) / h - cy) / ry
                    let d = (dx * dx + dy * dy).squareRoot()
                    guard d < 1 else { continue }
                    let weight = strength * 0.5 * (1 + cos(d * .pi))
                    values[y * width + x] += (value - values[y * width + x]) * weight
                }
            }
        }

        var bitmap: Bitmap {
            Bitmap(width: width, height: height, channels: 1, dpi: 0,
                   pixels: values.map { UInt8(max(0, min(255, $0.rounded()))) })
        }
    }
}
