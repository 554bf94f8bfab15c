import PrescreenCore

/// Flags a name or employer that a mask hides on the rendered page while the text layer still holds it.
///
/// Notice 四(二)9 asks for masking; a black rectangle drawn over text, or a masked scan with an invisible
/// OCR layer, looks redacted but gives the name to anyone who copies the text. Learned from x-ray: the
/// rendered page is the ground truth — the glyphs' boxes lie on a uniform block (see
/// ``PageContent/textLayerVisible``, computed by the pipeline from the page's pixels).
///
/// A mask over part of the name or employer (the given name boxed, the surname not) is reported too: the
/// covered characters are still in the text layer.
///
/// Lint: one finding per hidden or partly hidden occurrence, boxed.
public struct HiddenTextRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .blindHiddenText, name: "遮盖下仍有文字", severity: .violation,
        summary: "页面看似已遮盖，但文字层中仍保留姓名或工作单位 (a mask hides the name or employer, but the text layer still holds it)",
        fix: "该页的遮盖框只盖住了画面，框下的姓名或单位文字仍保留在文件中，复制或搜索即可读出。请把遮盖好的页面打印后重新扫描上传；或在 PDF 软件中先删除这些文字再加遮盖框（也可用软件的“涂黑/密文”功能真正删除文字），然后重新上传。",
        examples: HiddenTextRuleExamples.all)

    public func check(_ context: RuleContext) -> [Finding] {
        guard let m = context.manifest else { return [] }
        let names = TextSearch.hits(of: m.allNames, in: context, accept: NameBoundary.standsAlone)
        let employers = TextSearch.hits(of: TextSearch.employerTerms(m), in: context)
        return (names + employers)
            // Any covered character counts: a mask over part of the name still leaves all of it in the layer.
            .filter { !$0.visible && $0.source == .textLayer }
            .map { hit in
                finding(document: hit.document, page: hit.page, box: hit.box,
                        message: "遮盖处下方的文字层仍含有申请人姓名或工作单位，复制文字即可读出 (text under the mask still holds the name or employer)")
            }
    }
}
