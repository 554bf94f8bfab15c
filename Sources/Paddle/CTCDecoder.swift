/// Greedy CTC decoding of PP-OCR's recognition output.
///
/// The model gives, for each of T time steps across the line, a probability for every class: 0 is CTC's blank,
/// 1...n the alphabet's entries, n+1 a space. The best class of each step is taken, repeats of one class in a
/// row collapse to one character, and blanks are dropped. Each character keeps the steps it came from, which
/// place it along the line.
struct CTCDecoder {
    /// One decoded character: its text, the time steps it spans, and its mean probability there (0–1).
    struct Character: Equatable {
        var text: String
        var firstStep: Int
        var lastStep: Int
        var probability: Double
    }

    /// The alphabet (entries 1...n of the classes).
    let alphabet: [String]

    /// Decodes one line: `probs` is T × classes, row-major.
    func decode(_ probs: UnsafeBufferPointer<Float>, steps: Int, classes: Int) -> [Character] {
        precondition(probs.count >= steps * classes, "output size")
        var out: [Character] = []
        var previous = -1
        var sum = 0.0
        for t in 0..<steps {
            let row = t * classes
            var best = 0
            var bestP = probs[row]
            for c in 1..<classes where probs[row + c] > bestP {
                best = c
                bestP = probs[row + c]
            }
            if best == previous, best != 0, var last = out.last {
                // The same character held over another step.
                last.lastStep = t
                sum += Double(bestP)
                last.probability = sum / Double(last.lastStep - last.firstStep + 1)
                out[out.count - 1] = last
            } else if best != 0 {
                let text = best <= alphabet.count ? alphabet[best - 1] : " "
                sum = Double(bestP)
                out.append(Character(text: text, firstStep: t, lastStep: t, probability: sum))
            }
            previous = best
        }
        return out
    }
}
