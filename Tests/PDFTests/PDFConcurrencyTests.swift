import Foundation
import PDF
import PrescreenCore
import Testing
import TestSupport

/// The pipeline's pattern: Data crosses tasks, each task opens its own document.
@Suite struct PDFConcurrencyTests {
    @Test func documentsOpenedInParallelTasksReadTheirOwnText() async throws {
        let inputs = try (0..<6).map { n in
            (n, try PDFFixtures.textPDF(lines: [("第\(n)号 张伟", 72, 100, 14)]))
        }
        let results = try await withThrowingTaskGroup(of: (Int, String, Int).self) { group in
            for (n, data) in inputs {
                group.addTask {
                    let page = try PDFDocument(data: data).page(1)
                    let bitmap = try page.renderGray(dpi: 100)
                    return (n, page.text().string, bitmap.width)
                }
            }
            var out: [(Int, String, Int)] = []
            for try await result in group { out.append(result) }
            return out
        }
        #expect(results.count == 6)
        for (n, text, width) in results {
            #expect(text.contains("第\(n)号"))
            #expect(width == Int((PDFFixtures.a4.width * 100 / 72).rounded(.up)))
        }
    }
}
