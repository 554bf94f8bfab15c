import PrescreenCore

/// Chinese (and English) names of the rules, for reports and the `rules` command.
public enum RuleNames {
    /// The Chinese name of a rule; an id unknown here is returned as it is.
    public static func chinese(_ rule: RuleID) -> String {
        names[rule.rawValue]?.chinese ?? rule.rawValue
    }

    /// The English name of a rule; an id unknown here is returned as it is.
    public static func english(_ rule: RuleID) -> String {
        names[rule.rawValue]?.english ?? rule.rawValue
    }

    /// Every rule of CONTRACT.md with a name here, sorted by id.
    public static var knownRules: [RuleID] { names.keys.sorted().map(RuleID.init(rawValue:)) }

    private static let names: [String: (chinese: String, english: String)] = [
        "blind/name": ("申请人姓名未遮盖", "applicant's name visible"),
        "blind/employer": ("工作单位名称未遮盖", "employer's name visible"),
        "blind/photo": ("个人照片未遮盖", "photo of a person visible"),
        "blind/hidden-text": ("遮盖处下仍有文字", "text still present under a mask"),
        "blind/text-field": ("申报文本含姓名或单位", "application text names applicant or employer"),
        "blind/label": ("表单姓名/单位栏未遮盖", "name or employer field not masked"),
        "blind/seal": ("本单位公章未遮盖", "employer's seal not masked"),
        "blind/id-number": ("身份证号未遮盖", "resident ID number visible"),
        "docs/education": ("缺学历证明(学信网报告)", "education evidence missing"),
        "docs/appraisal": ("缺年度考核登记表", "annual appraisal missing"),
        "docs/continuing-education": ("缺继续教育证书", "continuing-education certificate missing"),
        "docs/title": ("缺现职称证明", "evidence of current title missing"),
        "docs/mandarin": ("缺普通话证书或等级不足", "Mandarin certificate missing or too low"),
        "docs/economics-exam": ("缺经济专业考试成绩", "economics exam result missing"),
        "docs/other": ("缺其他必备材料", "other required document missing"),
        "quality/orientation": ("页面方向不正", "page not upright"),
        "quality/legibility": ("页面不清晰", "page hard to read"),
        "input/manifest": ("applicant.yml 缺失或有误", "applicant.yml missing or malformed"),
        "input/unreadable": ("附件无法读取", "attachment unreadable"),
        "input/unsupported": ("附件格式不支持", "attachment format unsupported"),
    ]
}

/// Chinese names of the document types, for reports and the `rules` command.
public enum DocumentTypeNames {
    /// The Chinese name of a document type, e.g. `education-chsi` -> 学历证书电子注册备案表(学信网).
    public static func chinese(_ type: DocumentType) -> String {
        switch type {
        case .educationCHSI: return "学历证书电子注册备案表(学信网)"
        case .educationGraduateForm: return "毕业生登记表"
        case .educationDiploma: return "毕业证书"
        case .appraisal: return "年度考核登记表"
        case .ceCertificate: return "继续教育合格证书"
        case .ceExemption: return "继续教育免学审批表"
        case .titleCertificate: return "职称证书"
        case .titleDocument: return "任职资格文件"
        case .titleReviewForm: return "专业技术职务任职资格评审表"
        case .mandarinCertificate: return "普通话水平测试等级证书"
        case .economicsExam: return "经济专业技术资格考试成绩"
        case .publicity: return "单位公示"
        case .publicityResult: return "公示结果"
        case .recommendation: return "推荐报告"
        case .commitment: return "个人承诺书"
        case .other: return "其他材料"
        }
    }
}

/// Chinese labels for the other enumerations shown in reports.
public enum DisplayNames {
    /// 通过 / 需修改 / 出错.
    public static func chinese(_ status: ApplicantStatus) -> String {
        switch status {
        case .pass: return "通过"
        case .flagged: return "需修改"
        case .error: return "出错"
        }
    }

    /// 违规 / 提醒.
    public static func chinese(_ severity: Severity) -> String {
        switch severity {
        case .violation: return "违规"
        case .warning: return "提醒"
        }
    }

    /// Where the text came from, in Chinese.
    public static func chinese(_ source: TextSource) -> String {
        switch source {
        case .textLayer: return "文字层"
        case .ocr: return "文字识别 (OCR)"
        case .mixed: return "文字层 + OCR"
        case .none: return "无文字"
        }
    }

    /// The format's usual name (PDF, JPEG, …), or 不支持 / 空文件.
    public static func chinese(_ format: FileFormat) -> String {
        switch format {
        case .pdf: return "PDF"
        case .jpeg: return "JPEG"
        case .png: return "PNG"
        case .tiff: return "TIFF"
        case .bmp: return "BMP"
        case .unsupported: return "不支持"
        case .empty: return "空文件"
        }
    }

    /// A `part` value in Chinese where known (公需课, 专业课, the 'other' documents), else as given.
    public static func chinese(part: String) -> String {
        switch part {
        case "public": return "公需课"
        case "professional": return "专业课"
        default:
            if let type = DocumentType(rawValue: part) { return DocumentTypeNames.chinese(type) }
            return part
        }
    }
}
