import Foundation
import PrescreenCore

/// What a template needs besides the person: masking, layout variant, an optional face image and a seed.
public struct TemplateOptions: Sendable {
    public var plan: MaskPlan
    /// Picks one of the template's layouts (title wording, field order, font, margins, page size).
    public var variant: Int
    public var face: Bitmap?
    public var seed: UInt64

    /// Options for one document.
    public init(plan: MaskPlan = .visible, variant: Int = 0, face: Bitmap? = nil, seed: UInt64 = 1) {
        self.plan = plan; self.variant = variant; self.face = face; self.seed = seed
    }
}

/// The document templates of the notice: each returns the pages and the ground truth of what is visible where.
public enum Templates {
    static func builder(_ p: Person, _ o: TemplateOptions, size: PageSize = .a4, margin: Double? = nil) -> FormBuilder {
        let font: FontFamily = [.zenHei, .serif, .zenHei, .sans][o.variant % 4]
        return FormBuilder(person: p, plan: o.plan, font: font, size: size,
                           margin: margin ?? (o.variant % 2 == 0 ? 56 : 68), face: o.face, seed: o.seed)
    }

    static func birth(_ p: Person, sep: String = ".") -> String { String(format: "%04d\(sep)%02d", p.birthYear, p.birthMonth) }

    /// 教育部学历证书电子注册备案表 (variant 0, 1) or 学籍在线验证报告 (variant 2).
    public static func chsi(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o)
        let grad = p.birthYear + 22
        if o.variant % 3 == 2 {
            b.title("学籍在线验证报告", size: 20)
            b.line("更新日期：\(grad - 1)年09月15日", size: 10, align: .right)
            b.space(12)
            b.photo(x: b.size.width - b.margin - 75, y: b.y + 6)
            b.fields([("姓名", .name), ("性别", .plain(p.gender)), ("证件号码", .id(valid: true)), ("民族", .plain("汉族")),
                      ("出生日期", .plain("\(p.birthYear)年\(p.birthMonth)月")), ("院校", .plain(p.school)),
                      ("层次", .plain("本科")), ("院系", .plain("\(p.major)学院")), ("专业", .plain(p.major)),
                      ("学号", .plain("20\(grad % 100 - 4)1\(p.birthMonth)0318")), ("形式", .plain("普通全日制")),
                      ("入学时间", .plain("\(grad - 4)年09月01日")), ("学制", .plain("4年")), ("类型", .plain("普通高等教育")),
                      ("学籍状态", .plain("不在籍（毕业）"))], labelWidth: 90)
            b.space(20)
            b.line("在线验证码：A7K2M9Q4X1B8C3D5", size: 12)
            b.qr(x: b.size.width - b.margin - 80, y: b.y + 20)
        } else {
            b.title("教育部学历证书电子注册备案表", size: o.variant == 0 ? 20 : 18)
            b.line("更新日期：\(2024)年0\(1 + Int(o.seed % 6))月1\(Int(o.seed % 9))日", size: 10, align: .right)
            b.space(14)
            b.photo(x: b.size.width - b.margin - 75, y: b.y + 4)
            var items: [(String, FieldValue)] = [
                ("姓名", .formerName), ("性别", .plain(p.gender)), ("出生日期", .plain("\(p.birthYear)年\(p.birthMonth)月12日")),
                ("入学日期", .plain("\(grad - 4)年09月01日")), ("毕(结)业日期", .plain("\(grad)年07月01日")),
                ("学校名称", .plain(p.school)), ("专业", .plain(p.major)), ("学制", .plain("四年")), ("层次", .plain("本科")),
                ("学历类别", .plain("普通高等教育")), ("学习形式", .plain("普通全日制")), ("毕(结)业", .plain("毕业")),
                ("证书编号", .plain("10755120\(grad)05\(String(format: "%06d", Int(o.seed % 900_000)))")),
                ("校(院)长姓名", .other(0)),
            ]
            if o.variant == 1 { items.swapAt(1, 2); items.swapAt(5, 6) }
            b.fields(items, labelWidth: 100, rowHeight: o.variant == 0 ? 25 : 27)
            b.space(30)
            b.line("在线验证码：\(String(format: "%04d", Int(o.seed % 9000) + 1000))5731\(grad)8426", size: 12)
            b.qr(x: b.size.width - b.margin - 80, y: b.y - 50)
            b.space(30)
            b.line("全国高等学校学生信息咨询与就业指导中心", size: 10, align: .right)
        }
        return b.draft(.educationCHSI)
    }

    /// 毕业生登记表 (a paper form from the personnel file).
    public static func graduateForm(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o)
        b.title(o.variant % 2 == 0 ? "普通高等学校毕业生登记表" : "高等学校毕业生登记表", size: 19)
        b.space(10)
        b.photo(x: b.size.width - b.margin - 75, y: b.y)
        b.fields([("姓名", .formerName), ("性别", .plain(p.gender)), ("出生年月", .plain(birth(p))), ("学校", .plain(p.school)),
                  ("专业", .plain(p.major)), ("学制", .plain("四年"))], grid: true, labelWidth: 80, rowHeight: 26)
        b.space(14)
        b.section("自我鉴定", text: "在校期间，本人认真学习专业知识，积极参加社会实践活动，遵守校规校纪，团结同学，"
            + "各门课程成绩优良，具备较强的分析问题和解决问题的能力。", height: 160)
        b.section("学校意见", text: "同意毕业。", height: 90)
        b.seal(employer: false, issuer: p.school, cx: b.size.width - 150, cy: b.y - 45)
        return b.draft(.educationGraduateForm)
    }

    /// 毕业证书 (A5 landscape).
    public static func diploma(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o, size: .a5Landscape, margin: 40)
        let grad = p.birthYear + 22
        b.title("毕 业 证 书", size: 24, color: RGBColor(0.55, 0.1, 0.1))
        b.space(8)
        b.photo(x: 45, y: b.y + 4, width: 62, height: 86)
        b.y += 20
        b.add(.text(TextRun("学生", x: 130, y: b.y, size: 12, font: b.font)))
        b.value(.formerName, x: 162, y: b.y, size: 12)
        b.add(.text(TextRun("，性别\(p.gender)，\(p.birthYear)年\(p.birthMonth)月生，", x: 230, y: b.y, size: 12, font: b.font)))
        b.y += 22
        b.add(.text(TextRun("于\(grad - 4)年9月至\(grad)年7月在本校\(p.major)专业", x: 130, y: b.y, size: 12, font: b.font)))
        b.y += 22
        b.add(.text(TextRun("四年制本科学习，修完教学计划规定的全部课程，成绩合格，准予毕业。", x: 130, y: b.y, size: 12,
                            font: b.font)))
        b.y += 40
        b.add(.text(TextRun("校名：\(p.school)", x: 300, y: b.y, size: 11, font: b.font)))
        b.add(.text(TextRun("校长：", x: 300, y: b.y + 20, size: 11, font: b.font)))
        b.value(.other(0), x: 336, y: b.y + 20, size: 11)
        b.add(.text(TextRun("证书编号：1075\(grad)1\(String(format: "%06d", Int(o.seed % 999_999)))", x: 45, y: b.y + 40,
                            size: 10, font: b.font)))
        b.seal(employer: false, issuer: p.school, cx: 470, cy: b.y, radius: 38)
        return b.draft(.educationDiploma)
    }

    /// 事业单位工作人员年度考核登记表 (public institutions) or 个人考核鉴定表 (enterprises), for `year`.
    public static func appraisal(_ p: Person, _ o: TemplateOptions, year: Int) -> DocumentDraft {
        var b = builder(p, o)
        if p.employer.kind == .publicInstitution {
            b.title("事业单位工作人员年度考核登记表", size: 18)
            b.title("（\(year)年度）", size: 13, bold: false)
        } else {
            b.title(o.variant % 2 == 0 ? "\(year)年度个人考核鉴定表" : "个人年度考核鉴定表（\(year)年度）", size: 18)
        }
        b.space(8)
        var items: [(String, FieldValue)] = [
            ("姓名", .name), ("性别", .plain(p.gender)), ("出生年月", .plain(birth(p))), ("政治面貌", .plain("群众")),
            ("文化程度", .plain("大学本科")), ("任现职时间", .plain("\(year - 4).06")),
            (o.variant % 3 == 2 ? "单位名称" : "工作单位", o.variant % 4 == 3 ? .employerCore : .employer),
            ("职务", .plain(p.title)), ("从事工作", .plain("\(p.major)技术")),
        ]
        if o.variant % 2 == 1 { items.swapAt(2, 3) }
        b.fields(items, columns: 1, grid: true, labelWidth: 90, rowHeight: 23)
        let top = b.y
        b.section("个人总结", text: "\(year)年，本人认真履行岗位职责，坚持学习业务知识，按时完成各项工作任务，"
            + "在技术攻关和项目管理方面取得一定成绩，积极参加单位组织的各项培训，遵守各项规章制度。", height: 160)
        b.add(.text(TextRun("签名：", x: b.size.width - 210, y: top + 145, size: 11, font: b.font)))
        b.signature(x: b.size.width - 170, y: top + 147)
        b.add(.text(TextRun("\(year + 1)年1月\(8 + Int(o.seed % 10))日", x: b.size.width - 110, y: top + 145, size: 10,
                            font: b.font)))
        b.section("主管领导评语及等次建议", text: "该同志工作认真负责，业务能力强，建议评为优秀。", height: 80)
        b.otherSignature(1, x: b.size.width - 180, y: b.y - 14)
        let sealTop = b.y
        b.section("单位或考核委员会意见", text: "经考核，确定为\(o.seed % 3 == 0 ? "合格" : "优秀")等次。", height: 110)
        b.seal(employer: true, cx: b.size.width - 150, cy: sealTop + 60)
        b.add(.text(TextRun("\(year + 1)年1月20日", x: b.size.width - 190, y: sealTop + 95, size: 10, font: b.font)))
        b.section("本人意见", text: "同意。", height: 50)
        return b.draft(.appraisal, year: year)
    }

    /// 继续教育培训合格证书 for `year` and `part` (`public` 公需科目 or `professional` 专业科目).
    public static func ceCertificate(_ p: Person, _ o: TemplateOptions, year: Int, part: String) -> DocumentDraft {
        let landscape = o.variant % 2 == 0
        var b = builder(p, o, size: landscape ? .a5Landscape : .a4, margin: landscape ? 40 : 60)
        let subject = part == "public" ? "公需科目" : "专业科目"
        let issuer = o.variant % 3 == 0 ? "阿克苏地区专业技术人员继续教育培训基地" : "新疆专业技术人员继续教育网络学院"
        b.title(o.variant % 2 == 0 ? "继续教育培训合格证书" : "专业技术人员继续教育证书", size: landscape ? 20 : 22,
                color: RGBColor(0.6, 0.1, 0.1))
        b.space(landscape ? 6 : 20)
        b.fields([("姓名", .name), ("身份证号", .id(valid: true)), ("证书编号", .plain("JXJY\(year)\(String(format: "%06d", Int(o.seed % 999_999)))"))],
                 size: 12, labelWidth: 80, rowHeight: 24)
        b.space(6)
        b.paragraph("该同志于\(year)年度参加\(subject)继续教育学习，完成\(part == "public" ? 30 : 60)学时，经考核合格，特发此证。",
                    size: 12)
        b.space(16)
        b.line("培训机构：\(issuer)", size: 11)
        b.line("发证日期：\(year)年12月\(10 + Int(o.seed % 15))日", size: 11)
        b.seal(employer: false, issuer: issuer, cx: b.size.width - b.margin - 70, cy: b.y - 20, radius: 40)
        return b.draft(.ceCertificate, year: year, part: part)
    }

    /// 继续教育免学审批表 (the exemption form).
    public static func ceExemption(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o)
        b.title("专业技术人员继续教育免学审批表", size: 18)
        b.space(10)
        b.fields([("姓名", .name), ("性别", .plain(p.gender)), ("出生年月", .plain(birth(p))), ("工作单位", .employer),
                  ("现任职称", .plain(p.title))], grid: true, labelWidth: 90, rowHeight: 26)
        b.section("免学原因", text: "本人年满五十五周岁，根据自治区继续教育有关规定，申请免于参加继续教育学习。", height: 120)
        let top = b.y
        b.section("人力资源和社会保障部门审批意见", text: "经审核，同意免学。", height: 120)
        b.seal(employer: false, issuer: "阿克苏地区人力资源和社会保障局", cx: b.size.width - 150, cy: top + 65)
        return b.draft(.ceExemption)
    }

    /// 专业技术资格证书 (title certificate, B5, photo).
    public static func titleCertificate(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o, size: .b5, margin: 50)
        b.title(o.variant % 2 == 0 ? "专业技术资格证书" : "专业技术职务任职资格证书", size: 20, color: RGBColor(0.55, 0.1, 0.1))
        b.space(16)
        b.photo(x: b.size.width - b.margin - 72, y: b.y)
        b.fields([("姓名", .name), ("性别", .plain(p.gender)), ("出生年月", .plain(birth(p))), ("身份证号", .id(valid: true)),
                  ("专业", .plain(p.major)), ("资格名称", .plain(p.title)), ("评审组织", .plain("阿克苏地区\(p.seriesWord)系列中级评审委员会")),
                  ("批准时间", .plain("2019年12月")), ("证书编号", .plain("XJ2019\(String(format: "%06d", Int(o.seed % 999_999)))"))],
                 labelWidth: 78, rowHeight: 26)
        b.space(20)
        b.seal(employer: false, issuer: "阿克苏地区人力资源和社会保障局", cx: b.size.width - 130, cy: b.y)
        return b.draft(.titleCertificate)
    }

    /// 任职资格文件: a red-header notice whose list of names (the applicant among many) is on page 2.
    public static func titleDocument(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o)
        b.title("阿克苏地区人力资源和社会保障局文件", size: 24, color: .headerRed)
        b.line("阿地人社发〔2019〕\(30 + Int(o.seed % 60))号", size: 11, align: .center)
        b.add(.line(x0: b.margin, y0: b.y + 10, x1: b.size.width - b.margin, y1: b.y + 10, width: 2, color: .headerRed))
        b.space(24)
        b.title(o.variant % 2 == 0 ? "关于公布2019年度\(p.seriesWord)系列中级专业技术资格评审结果的通知"
                : "关于\(p.seriesWord)系列中级职称评审通过人员的通知", size: 14)
        b.space(6)
        b.paragraph("各县（市）人力资源和社会保障局，地直各单位：", size: 11)
        b.paragraph("根据自治区职称评审工作有关规定，经阿克苏地区\(p.seriesWord)系列中级评审委员会评审，"
            + "下列同志具备\(p.title)专业技术资格，资格取得时间为2019年12月。现予公布。", size: 11)
        b.paragraph("附件：评审通过人员名单", size: 11)
        b.space(30)
        b.line("阿克苏地区人力资源和社会保障局", size: 11, align: .right)
        b.line("2019年12月20日", size: 11, align: .right)
        b.seal(employer: false, issuer: "阿克苏地区人力资源和社会保障局", cx: b.size.width - 130, cy: b.y - 20)
        b.newPage()
        b.title("评审通过人员名单（共\(24)人）", size: 14)
        b.space(10)
        let slot = Int(o.seed % 20) + 2
        let colW = b.width / 4
        for i in 0..<24 {
            if i % 4 == 0 { b.y += 24 }
            let x = b.margin + Double(i % 4) * colW
            b.value(i == slot ? .name : .other(i + 3), x: x, y: b.y, size: 12)
        }
        return b.draft(.titleDocument)
    }

    /// 专业技术职务任职资格评审表 (two pages: photo, employer's recommendation with its seal, committee seal).
    public static func titleReviewForm(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o)
        b.space(60)
        b.title("专业技术职务任职资格评审表", size: 22)
        b.space(60)
        b.photo(x: b.size.width - b.margin - 75, y: b.y - 20)
        b.fields([("姓名", .name), ("工作单位", o.variant % 2 == 0 ? .employer : .alias), ("申报专业", .plain(p.major)),
                  ("申报资格", .plain("高级\(p.title)")), ("填表日期", .plain("2024年7月"))], size: 13, labelWidth: 90,
                 rowHeight: 32)
        b.newPage()
        b.section("单位推荐意见", text: "该同志政治素质好，业务能力强，经单位评议、公示无异议，同意推荐申报。", height: 170)
        b.seal(employer: true, cx: b.size.width - 150, cy: b.y - 70)
        b.space(10)
        let top = b.y
        b.section("评审委员会意见", text: "经评审委员会评议表决，同意通过。", height: 170)
        b.seal(employer: false, issuer: "阿克苏地区职称改革领导小组办公室", cx: b.size.width - 150, cy: top + 100)
        return b.draft(.titleReviewForm)
    }

    /// 普通话水平测试等级证书 with `level` (e.g. 二级甲等).
    public static func mandarin(_ p: Person, _ o: TemplateOptions, level: String) -> DocumentDraft {
        var b = builder(p, o, size: o.variant % 2 == 0 ? .a5Landscape : .b5, margin: 40)
        b.title("普通话水平测试等级证书", size: 20)
        b.space(10)
        b.photo(x: b.size.width - b.margin - 64, y: b.y, width: 62, height: 86)
        b.fields([("姓名", .name), ("性别", .plain(p.gender)), ("身份证号", .id(valid: o.variant % 3 != 2)),
                  ("测试成绩", .plain("87.5")), ("等级", .plain(level)), ("证书编号", .plain("6529\(String(format: "%08d", Int(o.seed % 99_999_999)))"))],
                 size: 11, labelWidth: 72, rowHeight: 22)
        b.space(6)
        b.line("新疆维吾尔自治区语言文字工作委员会", size: 10, align: .right)
        b.seal(employer: false, issuer: "新疆维吾尔自治区语言文字工作委员会", cx: b.size.width - 110, cy: b.y - 20, radius: 36)
        return b.draft(.mandarinCertificate)
    }

    /// 全国经济专业技术资格考试成绩单.
    public static func economicsExam(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o)
        b.title(o.variant % 2 == 0 ? "全国经济专业技术资格考试成绩单" : "全国经济专业技术资格考试成绩查询结果", size: 17)
        b.space(12)
        b.fields([("姓名", .name), ("证件号码", .id(valid: true)), ("考试年度", .plain("2023")), ("报考级别", .plain("高级")),
                  ("专业", .plain("工商管理")), ("科目", .plain("高级经济实务")), ("成绩", .plain("68")), ("合格标准", .plain("60"))],
                 grid: true, labelWidth: 100, rowHeight: 26)
        b.space(20)
        b.paragraph("本成绩单由人力资源和社会保障部人事考试中心提供，仅供参考。", size: 10)
        return b.draft(.economicsExam)
    }

    /// 单位公示 (the employer's publicity notice).
    public static func publicity(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o)
        b.y += 30
        b.value(.employer, x: b.margin + 40, y: b.y, size: 16)
        b.title("关于申报2024年度高级专业技术职务任职资格人员的公示", size: 15)
        b.space(10)
        b.paragraph("根据阿克苏地区2024年职称评审工作的通知要求，经个人申报、单位审核，现将拟推荐人员情况公示如下：", size: 11)
        b.y += 22
        b.add(.text(TextRun("拟推荐人员：", x: b.margin + 22, y: b.y, size: 11, font: b.font)))
        b.value(.name, x: b.margin + 90, y: b.y, size: 11)
        b.add(.text(TextRun("申报资格：高级\(p.title)", x: b.margin + 200, y: b.y, size: 11, font: b.font)))
        b.space(8)
        b.paragraph("公示时间：2024年7月22日至2024年7月26日。如有异议，请在公示期内向单位人事科反映。", size: 11)
        b.space(40)
        b.line("2024年7月22日", size: 11, align: .right)
        b.seal(employer: true, cx: b.size.width - 130, cy: b.y - 20)
        return b.draft(.publicity)
    }

    /// 公示结果 (the report on the publicity's outcome).
    public static func publicityResult(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o)
        b.title(o.variant % 2 == 0 ? "公示结果" : "关于职称申报人员公示情况的说明", size: 18)
        b.space(14)
        b.y += 20
        b.add(.text(TextRun("公示单位：", x: b.margin, y: b.y, size: 11, font: b.font)))
        b.value(.employer, x: b.margin + 60, y: b.y, size: 11)
        b.y += 22
        b.add(.text(TextRun("公示对象：", x: b.margin, y: b.y, size: 11, font: b.font)))
        b.value(.name, x: b.margin + 60, y: b.y, size: 11)
        b.paragraph("我单位于2024年7月22日至2024年7月26日对上述人员申报高级职称的材料进行了公示，"
            + "公示期间未收到任何异议。特此说明。", size: 11)
        b.space(40)
        b.line("2024年7月27日", size: 11, align: .right)
        b.seal(employer: true, cx: b.size.width - 130, cy: b.y - 20)
        return b.draft(.publicityResult)
    }

    /// 推荐报告 (the employer's recommendation).
    public static func recommendation(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o)
        b.title(o.variant % 2 == 0 ? "推荐报告" : "单位推荐意见书", size: 20)
        b.space(14)
        b.fields([("姓名", .name), ("工作单位", .employer), ("现任职务", .plain(p.title))], labelWidth: 70)
        b.space(6)
        b.paragraph("该同志自参加工作以来，爱岗敬业，刻苦钻研业务，主持和参与了多项重点项目，在\(p.major)领域具有较高的"
            + "专业技术水平，取得了显著的工作业绩。近三年年度考核均为合格以上等次，符合申报条件。", size: 11)
        b.paragraph("经单位研究，同意推荐该同志申报高级\(p.title)任职资格。", size: 11)
        b.space(30)
        b.add(.text(TextRun("单位负责人（签字）：", x: b.margin, y: b.y, size: 11, font: b.font)))
        b.otherSignature(2, x: b.margin + 120, y: b.y)
        b.line("2024年7月28日", size: 11, align: .right)
        b.seal(employer: true, cx: b.size.width - 130, cy: b.y - 20)
        return b.draft(.recommendation)
    }

    /// 个人承诺书 (the applicant's own undertaking, signed).
    public static func commitment(_ p: Person, _ o: TemplateOptions) -> DocumentDraft {
        var b = builder(p, o)
        b.title(o.variant % 2 == 0 ? "个人承诺书" : "职称申报诚信承诺书", size: 20)
        b.space(14)
        b.paragraph("本人自愿申报2024年度高级专业技术职务任职资格，郑重承诺：所提交的全部材料真实、准确、完整，"
            + "不存在弄虚作假行为。如有不实，本人愿意承担一切后果，并接受相关部门的处理。", size: 12)
        b.space(50)
        b.add(.text(TextRun("承诺人（签字）：", x: b.size.width - 280, y: b.y, size: 12, font: b.font)))
        b.signature(x: b.size.width - 180, y: b.y + 2)
        b.line("2024年7月20日", size: 12, align: .right)
        return b.draft(.commitment)
    }

    /// An unrelated document: the first page of a journal paper (others' names; the applicant as author if shown).
    public static func paper(_ p: Person, _ o: TemplateOptions, applicantAsAuthor: Bool) -> DocumentDraft {
        var b = builder(p, o)
        b.title("基于多源数据的\(p.major)工程质量评价方法研究", size: 16)
        b.y += 24
        b.value(.other(4), x: b.size.width / 2 - 90, y: b.y, size: 11)
        if applicantAsAuthor { b.value(.name, x: b.size.width / 2 - 30, y: b.y, size: 11) }
        b.value(.other(5), x: b.size.width / 2 + 30, y: b.y, size: 11)
        b.line("（新疆大学 建筑工程学院，新疆 乌鲁木齐 830017）", size: 9, align: .center)
        b.space(10)
        b.paragraph("摘要：针对传统评价方法依赖人工经验、指标权重主观性强等问题，本文提出一种融合多源监测数据的评价方法。"
            + "该方法首先建立指标体系，然后采用熵权法确定权重，最后通过实例验证了方法的有效性与实用性。", size: 10)
        b.paragraph("关键词：质量评价；熵权法；多源数据", size: 10)
        b.paragraph("中图分类号：TU712    文献标志码：A", size: 10)
        b.space(10)
        b.paragraph("0 引言", size: 12)
        b.paragraph("随着工程建设规模的不断扩大，质量管理面临新的挑战。已有研究多集中于单一指标，缺乏系统性。"
            + "为此，本文从数据融合的角度出发，构建了一套较为完整的评价框架。", size: 10.5)
        return b.draft(.other)
    }
}
