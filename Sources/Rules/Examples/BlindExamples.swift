import Classify
import PrescreenCore

typealias E = ExampleBuilder

enum NameRuleExamples {
    static let all: [RuleExample] = [
        E.textExample("name in a form field", "姓名：⟦张伟⟧ 性别：男"),
        E.textExample("name in OCR text", "申请人 ⟦张伟⟧ 同志", source: .ocr),
        E.textExample("name split by a line break", "本人⟦张\n伟⟧承诺"),
        E.textExample("full-width spacing", "姓 名 ： ⟦张 伟⟧"),
        E.textExample("masked with XX", "姓名：XX XX 性别：男"),
        E.textExample("masked with stars", "姓名：** 性别：男"),
        E.textExample("a longer name containing it", "校长：张伟华"),
        E.textExample("in a list of names, spaced apart", "评审通过人员名单 李娜  ⟦张伟⟧  崔娥瑶  王强"),
        E.textExample("another person", "校（院）长姓名：王建国"),
        E.textExample("under a mask in the text layer is hidden text, not a visible name", "姓名：张伟", hidden: true),
        E.textExample("no manifest, nothing to look for", "姓名：张伟", manifest: nil, count: 0),
        E.textExample("a handwritten signature OCR cannot read", "承诺人（签字）：⟦FRA⟧\n2024年7月20日", source: .ocr),
        E.textExample("a signature label misread by OCR", "承诺人VS):⟦徐彬帆⟧ 2024年7月20日", source: .ocr),
        E.textExample("the signed name itself, once", "承诺人（签字）：⟦张伟⟧"),
        E.textExample("a masked signature", "承诺人（签字）：XX XX 2024年7月20日", source: .ocr),
        E.textExample("an empty signature field", "承诺人（签字）：\n2024年7月20日"),
        E.textExample("printed words after the colon", "承诺人（签字）：（本人签字） 日期：2024年7月20日"),
        E.textExample("the leader's signature is not the applicant's", "主管领导签名：王建国"),
    ]
}

enum EmployerRuleExamples {
    static let all: [RuleExample] = [
        E.textExample("employer in full", "工作单位：⟦阿克苏地区第一人民医院⟧"),
        E.textExample("employer across a line break", "单位意见：⟦阿克苏地区\n第一人民医院⟧（盖章）"),
        E.textExample("employer without its region prefix", "⟦第一人民医院⟧考核委员会"),
        E.textExample("a listed alias", "所在单位：⟦地区一院⟧"),
        E.textExample("one OCR misreading", "⟦阿克苏地区第一人民医阮⟧", source: .ocr),
        E.textExample("an OCR slip in a generic word", "⟦武汉金城建设有限公同⟧", source: .ocr,
                      manifest: E.manifest(employer: "武汉金城建设有限公司", aliases: [])),
        E.textExample("another organisation, one distinctive character apart", "武汉金地建设有限公司", source: .ocr,
                      manifest: E.manifest(employer: "武汉金城建设有限公司", aliases: [])),
        E.textExample("a Latin word gives no extra tolerance", "Maribyrnong市政府", source: .ocr,
                      manifest: E.manifest(employer: "Maribyrnong市议会", aliases: [])),
        E.textExample("a training body is not the employer", "发证单位：阿克苏地区专业技术人员继续教育基地"),
        E.textExample("masked", "工作单位：XXXXXX"),
    ]
}

enum HiddenTextRuleExamples {
    static let all: [RuleExample] = [
        E.textExample("name under a black box", "姓名：⟦张伟⟧", hidden: true),
        E.textExample("employer under a black box", "⟦阿克苏地区第一人民医院⟧", hidden: true),
        E.textExample("visible name is blind/name, not hidden text", "姓名：张伟"),
        E.textExample("OCR text is what is seen, never hidden", "姓名：张伟", source: .ocr),
        partlyHidden,
    ]

    /// 张伟 with only 伟 under the mask: the covered character is still in the text layer.
    static var partlyHidden: RuleExample {
        let (text, _) = E.pageText("姓名：张伟")
        var page = PageContent(page: 1, width: 595, height: 842, textLayer: text)
        page.textLayerVisible = text.glyphs.map { $0.text != "伟" }
        let doc = AnalyzedDocument(path: "附件.pdf", format: .pdf, sha256: "0", pages: [page],
                                   segments: [Segment(firstPage: 1, lastPage: 1, classification: Classification(type: .other))])
        return RuleExample("name partly under a mask", context: RuleContext(manifest: E.manifest(), documents: [doc], pipeline: E.pipeline),
                           expectedCount: 1)
    }
}

enum TextFieldRuleExamples {
    static let all: [RuleExample] = [
        E.docsExample("work summary names the applicant", [],
                      manifest: E.manifest(texts: ["work_summary": "张伟同志自2015年起负责……"]), count: 1),
        E.docsExample("resume names the employer", [],
                      manifest: E.manifest(texts: ["resume": "2010年至今 阿克苏地区第一人民医院 工程师"]), count: 1),
        E.docsExample("written as XX XX", [],
                      manifest: E.manifest(texts: ["work_summary": "XX XX同志自2015年起在XX XX负责……"]), count: 0),
    ]
}

enum LabelRuleExamples {
    static let all: [RuleExample] = [
        E.textExample("a name field filled in with someone", "姓名：⟦李娜⟧ 性别：女"),
        E.textExample("an employer field", "工作单位：⟦阿克苏市某某公司⟧"),
        E.textExample("masked field", "姓名：XX 性别：男"),
        E.textExample("a mask of X's partly misread by OCR as Han", "工作单位：Xe久光\n培训内容：2022年度公需科目", source: .ocr),
        E.textExample("the trainee's name field is the applicant's", "学员姓名：⟦李娜⟧"),
        E.textExample("the clerk's name field is not", "经办人姓名：王芳"),
        E.textExample("the training body is not the employer", "培训单位：阿克苏地区继续教育基地"),
        E.textExample("a publicising body is not the 单位 field", "公示单位：某某公司"),
        E.textExample("another person's name field", "校(院)长姓名：王建国"),
        E.textExample("issuer field is not the applicant's", "发证单位：阿克苏地区人力资源和社会保障局"),
        E.textExample("empty field", "姓名： \n性别：男"),
        E.textExample("masked on the page", "姓名：李娜", hidden: true, count: 0),
        // A 公示 table: headers in one row, values in the row below; a header is never a value.
        E.textExample("header row, masked values below", "序号  姓名  性别  工作单位          现任职称  申报资格\n1   XX  男   XXXXXXXX      工程师   高级工程师", count: 0),
        E.textExample("header row, a name below unmasked", "序号  姓名  性别  工作单位          现任职称  申报资格\n1   ⟦李娜⟧  女   XXXXXXXX      工程师   高级工程师", count: 1),
        E.textExample("header row, an employer below unmasked", "序号  姓名  性别  工作单位          现任职称  申报资格\n1   XX  女   ⟦阿克苏市某某公司⟧      工程师   高级工程师", count: 1),
    ]
}

enum IDNumberRuleExamples {
    static let all: [RuleExample] = [
        E.textExample("valid ID number", "身份证号：⟦11010519491231002X⟧"),
        E.textExample("valid ID number, OCR", "证件号码 ⟦652901198503150012⟧", source: .ocr, count: IDNumberRule.isValid(Array("652901198503150012".unicodeScalars)) ? 1 : 0),
        E.textExample("bad check digit", "身份证号：110105194912310021"),
        E.textExample("masked digits", "身份证号：6529**********1234"),
        E.textExample("part of a longer number", "证书编号：1101051949123100211"),
    ]
}
