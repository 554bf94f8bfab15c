import PrescreenCore

/// Flags a person's photo (a face) that is visible on a page, not masked.
///
/// Notice 四(二)9 asks applicants to mask their photo in every attachment: CHSI reports, Mandarin and title
/// certificates and graduate forms carry the ID photo. Faces come from the page's raster content (a pasted
/// photo or a scan); one covered by a box, a mosaic, heavy blur or a sticker is masked and does not fire.
///
/// Lint: one violation per visible face, boxed.
public struct PhotoRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .blindPhoto, name: "个人照片未遮盖", severity: .violation,
        summary: "页面上有未遮盖的人像照片 (a person's photo, a face, is visible on a page, not masked)",
        fix: "用黑色色块完全遮盖该页上的本人照片（证件照、工作照等）后重新上传。",
        examples: PhotoRuleExamples.all)

    public func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for doc in context.documents where doc.status == .readable {
            for page in doc.pages {
                for face in page.faces ?? [] where !face.masked {
                    out.append(finding(document: doc.path, page: page.page, box: Self.photoBox(face.box),
                                       message: Self.message))
                }
            }
        }
        return out
    }

    /// The face grown to roughly the head-and-shoulders photo around it, so the evidence shows the photo.
    static func photoBox(_ face: Box) -> Box {
        face.expanded(dx: face.width * 0.35, dy: face.height * 0.45)
    }

    static let message = "个人照片（人像）未遮盖 (a person's photo is visible, not masked)"
}
