import Classify
import PrescreenCore

/// Examples for the rules that read detected faces and seals (`blind/photo`, `blind/seal`).
enum VisionExamples {
    /// A one-page document of `type` whose page holds `faces` and `seals`.
    static func example(_ note: String, type: DocumentType, faces: [DetectedRegion]? = nil,
                        seals: [DetectedRegion]? = nil, manifest: Manifest? = ExampleBuilder.manifest(), count: Int,
                        file: String = #filePath, line: Int = #line) -> RuleExample {
        var page = PageContent(page: 1, width: 595, height: 842, rasterCoverage: 1, imageRegions: [Box(x0: 0, y0: 0, x1: 1, y1: 1)])
        page.faces = faces
        page.seals = seals
        let doc = AnalyzedDocument(path: "附件.pdf", format: .pdf, sha256: "0", pages: [page],
                                   segments: [Segment(firstPage: 1, lastPage: 1, classification: Classification(type: type))])
        let ctx = RuleContext(manifest: manifest, documents: [doc], pipeline: ExampleBuilder.pipeline)
        let expected = (faces ?? []).filter { !$0.masked }.map(\.box) + (seals ?? []).filter { !$0.masked }.map(\.box)
        return RuleExample(note, context: ctx, expectedCount: count, expectedBoxes: count > 0 ? Array(expected.prefix(count)) : [],
                           file: file, line: line)
    }

    static let photoBox = Box(x0: 0.72, y0: 0.12, x1: 0.84, y1: 0.22)
    static let sealBox = Box(x0: 0.62, y0: 0.70, x1: 0.80, y1: 0.83)
}

enum PhotoRuleExamples {
    static let all: [RuleExample] = [
        VisionExamples.example("an unmasked ID photo on a CHSI report", type: .educationCHSI,
                               faces: [DetectedRegion(box: VisionExamples.photoBox, confidence: 0.8)], count: 1),
        VisionExamples.example("two faces on one page fire twice", type: .other,
                               faces: [DetectedRegion(box: VisionExamples.photoBox, confidence: 0.8),
                                       DetectedRegion(box: Box(x0: 0.1, y0: 0.5, x1: 0.2, y1: 0.6), confidence: 0.5)],
                               count: 2),
        VisionExamples.example("a masked photo (box, mosaic, blur, sticker)", type: .mandarinCertificate,
                               faces: [DetectedRegion(box: VisionExamples.photoBox, confidence: 0.6, masked: true)], count: 0),
        VisionExamples.example("no faces found", type: .titleCertificate, faces: [], count: 0),
        VisionExamples.example("page not checked for faces", type: .titleCertificate, faces: nil, count: 0),
    ]
}

enum SealRuleExamples {
    /// A review form whose second page (单位推荐意见, with the committee's seal) was typed a recommendation.
    static var reviewFormSecondPage: RuleExample {
        var p1 = PageContent(page: 1, width: 595, height: 842)
        p1.seals = []
        var p2 = PageContent(page: 2, width: 595, height: 842)
        p2.seals = [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "辣动昌文且月政略站让潮押守")]
        let doc = AnalyzedDocument(path: "评审表.pdf", format: .pdf, sha256: "0", pages: [p1, p2], segments: [
            Segment(firstPage: 1, lastPage: 1, classification: Classification(type: .titleReviewForm)),
            Segment(firstPage: 2, lastPage: 2, classification: Classification(type: .recommendation)),
        ])
        return RuleExample("a review form's second page typed a recommendation keeps the committee's seal quiet",
                           context: RuleContext(manifest: ExampleBuilder.manifest(), documents: [doc], pipeline: ExampleBuilder.pipeline),
                           expectedCount: 0)
    }

    static let all: [RuleExample] = [
        VisionExamples.example("the employer's seal on an appraisal, ring text read", type: .appraisal,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "阿克苏地区第一人民医院")],
                               count: 1),
        VisionExamples.example("ring text read with OCR errors", type: .recommendation,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "阿克苏地区笫一人民医阮")],
                               count: 1),
        VisionExamples.example("ring text names the employer without its region", type: .publicity,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "第一人民医院")],
                               count: 1),
        VisionExamples.example("a long ring read poorly still shares most of the employer's characters", type: .appraisal,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "辣克苏地区第一八民括阮\n网克二地巳第人民院")],
                               count: 1),
        VisionExamples.example("a local third party shares only the region", type: .appraisal,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "阿克苏地区人力资源和社会保障局")],
                               manifest: ExampleBuilder.manifest(employer: "阿克苏地区气象局气象台", aliases: []), count: 0),
        VisionExamples.example("a ring read as junk on an appraisal is most likely the employer's", type: .appraisal,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "新猎约启炽业股份有有ES")],
                               count: 1),
        VisionExamples.example("a ring read as junk on a review form is taken for the committee's", type: .titleReviewForm,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "辣动昌文且月政略站让潮押守")],
                               count: 0),
        reviewFormSecondPage,
        VisionExamples.example("a training body's seal on a recommendation", type: .recommendation,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "阿克苏地区专业技术人员继续教育基地")],
                               count: 0),
        VisionExamples.example("ring text unreadable: fires, saying so", type: .titleReviewForm,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "@#")], count: 1),
        VisionExamples.example("the HR bureau's seal on a review form", type: .titleReviewForm,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "阿克苏地区职称改革领导小组办公室")],
                               count: 0),
        VisionExamples.example("a masked seal", type: .appraisal,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, masked: true)], count: 0),
        VisionExamples.example("the employer's seal on a document it does not issue", type: .ceCertificate,
                               seals: [DetectedRegion(box: VisionExamples.sealBox, confidence: 0.9, text: "阿克苏地区第一人民医院")],
                               count: 0),
        VisionExamples.example("no seals", type: .publicityResult, seals: [], count: 0),
    ]
}
