import PrescreenCore

/// Flags an attachment that cannot be read: corrupt, encrypted, truncated, empty, or over a limit.
///
/// Notice 四(二)1: a file the panel cannot open is as good as missing. The rest of the submission is checked.
///
/// Lint: one finding per attachment, with the reason.
public struct UnreadableRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .inputUnreadable, name: "附件无法读取", severity: .violation,
        summary: "附件损坏、加密、截断、为空或超出限制，无法读取 (an attachment cannot be read)",
        fix: "该文件无法打开（损坏、加密、不完整或超出大小限制）。请重新导出或扫描为普通 PDF 或 JPG 文件（不要设置打开密码，文件不要过大），然后重新上传。",
        examples: InputRuleExamples.unreadable)

    /// Also one finding per part of a readable attachment that could not be read (its ``AnalyzedDocument/notices``:
    /// a page cairo could not draw, pages past `max_pages_per_file`), at the notice's severity.
    public func check(_ context: RuleContext) -> [Finding] {
        context.documents.flatMap { doc -> [Finding] in
            if case .unreadable(let reason) = doc.status {
                return [finding(document: doc.path, message: "附件无法读取：\(reason)，请重新上传 (the attachment cannot be read)")]
            }
            return doc.notices.map {
                finding(document: doc.path, page: $0.page, severity: $0.severity,
                        message: "附件部分未能读取：\($0.reason) (part of the attachment could not be read)")
            }
        }
    }
}
