import PrescreenCore

/// Flags an attachment of a format the pipeline does not read (only PDF, JPEG, PNG, TIFF and BMP are read,
/// recognised by their bytes, not their names).
///
/// Lint: one warning per attachment.
public struct UnsupportedRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .inputUnsupported, name: "附件格式不支持", severity: .warning,
        summary: "附件不是 PDF、JPEG、PNG、TIFF 或 BMP 格式，未能检查 (an attachment is of an unsupported format)",
        fix: "该文件格式无法查看。请转换为 PDF 或 JPG 格式后重新上传。",
        examples: InputRuleExamples.unsupported)

    public func check(_ context: RuleContext) -> [Finding] {
        context.documents.compactMap { doc in
            guard case .unsupported(let what) = doc.status else { return nil }
            return finding(document: doc.path, message: "附件格式不支持（\(what)），请转换为 PDF 或图片后上传 (unsupported format)")
        }
    }
}
