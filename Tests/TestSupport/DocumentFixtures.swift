import DocumentKit
import Foundation
import PrescreenCore

/// Small builders of generated documents for tests (synthetic people only).
public enum DocumentFixtures {
    /// A fixed synthetic applicant working at 阿克苏地区第一人民医院.
    public static func person(name: String = "张伟", employer: String = "第一人民医院") -> Person {
        let e = Employer(prefix: "阿克苏地区", core: employer, aliases: ["地区一院"], unlistedAlias: "阿地一院",
                         kind: .publicInstitution)
        return Person(name: name, gender: "男", birthYear: 1985, birthMonth: 6,
                      idNumber: IDNumber.make(region: "652901", year: 1985, month: 6, day: 12, sequence: 123),
                      employer: e, school: "新疆大学", major: "土木工程", title: "工程师", seriesWord: "工程",
                      others: ["王建国", "李红梅", "赵志强", "张芳", "刘洋", "陈静"])
    }

    /// The CHSI report drafted for `name` with everything visible, or masked with `XX XX`.
    public static func chsiDraft(name: String = "张伟", masked: Bool, mask: Mask = .xx) -> DocumentDraft {
        let plan: MaskPlan = masked ? .masked(mask) : .visible
        return Templates.chsi(person(name: name), TemplateOptions(plan: plan, variant: 0, face: nil, seed: 3))
    }

    /// The CHSI report as a text-layer PDF.
    public static func chsiPDF(name: String = "张伟", employer: String = "第一人民医院", masked: Bool) throws -> Data {
        _ = employer
        return try DocumentWriter.write(chsiDraft(name: name, masked: masked).pages, route: .textPDF)
    }

    /// A 2022 appraisal form with the given plan.
    public static func appraisalDraft(plan: MaskPlan, year: Int = 2022) -> DocumentDraft {
        Templates.appraisal(person(), TemplateOptions(plan: plan, variant: 0, face: nil, seed: 5), year: year)
    }

    /// A 2022 appraisal scanned to JPEG at 150 dpi with light noise and skew.
    public static func appraisalJPEG(masked: Bool) throws -> Data {
        let draft = appraisalDraft(plan: masked ? .masked(.burnedBox) : .visible)
        return try DocumentWriter.write(draft.pages, route: .image(.jpeg(quality: 60), dpi: 150,
                                                                   effects: [.grey, .skew(degrees: 1), .noise(sigma: 6, seed: 9)]))
    }

    /// The text of a PDF as `pdftotext` extracts it (nil when the tool is missing or fails).
    public static func pdfText(_ data: Data) -> String? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fixtures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let file = dir.appendingPathComponent("in.pdf")
            try data.write(to: file)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
            p.arguments = [file.path, "-"]
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = FileHandle.nullDevice
            try p.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { return nil }
            return String(decoding: out, as: UTF8.self)
        } catch {
            return nil
        }
    }
}
