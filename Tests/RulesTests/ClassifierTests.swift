import Classify
import PrescreenCore
import Testing

/// The classifier on page texts as the notice's documents print them (and as OCR misreads them).
struct ClassifierTests {
    static func classify(_ s: String) -> Classification {
        DocumentClassifier.classify(pageText: NormalizedText.normalize(s))
    }

    @Test(arguments: [
        ("教育部学历证书电子注册备案表 更新日期：2024年03月15日 姓名：XX", DocumentType.educationCHSI),
        ("学籍在线验证报告 姓名 XX 证件号码 学籍状态 在籍", .educationCHSI),
        ("毕业生登记表 学校鉴定", .educationGraduateForm),
        ("事业单位工作人员年度考核登记表 （2022年度） 姓名 XX", .appraisal),
        ("事业单位工作人员年度考核登记航 (2022年度)", .appraisal),
        ("个人考核鉴定表 2021年度", .appraisal),
        ("继续教育培训合格证书 该同志于2023年度参加公需科目学习，完成30学时", .ceCertificate),
        ("专业技术人员继续教育免学审批表", .ceExemption),
        // The printed title lost by OCR: the body still says what it is.
        ("证书编号：XJJX2021GX814453 姓名：XX XX 工作单位：XX XX 培训内容：2021年度公需科目", .ceCertificate),
        ("专业技术职务任职资格证书 资格名称：工程师 批准时间：2019年12月", .titleCertificate),
        ("关于公布2019年度工程系列中级专业技术职务任职资格评审结果的通知", .titleDocument),
        ("专业技术职务任职资格评审表 姓名 XX 评审委员会意见", .titleReviewForm),
        // Its title misread: the cover's fields, and the last page's opinions, still say what it is.
        ("姓名: 工作单位: 现任职务: 申报专业: 申报资格: 填表时间: 技术职务任职资格 if审表", .titleReviewForm),
        ("基层单位意见: 同意推荐。 主管部门意见: 同意推荐。 评审委员会意见; 评审委员会表决结果", .titleReviewForm),
        ("普通话水平测试等级证书 等级 二级甲等 国家语言文字工作委员会", .mandarinCertificate),
        ("全国经济专业技术资格考试成绩单 高级经济实务 成绩合格", .economicsExam),
        ("关于申报2024年度高级专业技术职务任职资格人员的公示 拟推荐人员 公示期", .publicity),
        ("公示结果 我单位对上述人员进行了公示，公示期间未收到任何异议。特此说明。", .publicityResult),
        ("单位推荐意见书 经单位研究，同意推荐该同志", .recommendation),
        // It says 公示 twice, but what it says of the 公示 is its result.
        ("XX XX同志申报正高级工程师专业技术职务任职资格的材料,已于2024年8月3日至2024年8月9日在本单位进行公示,公示期间未收到任何异议。特此证明。", .publicityResult),
        ("职称申报诚信承诺书 本人自愿申报，郑重承诺", .commitment),
        ("基于深度学习的水利工程安全监测方法研究 摘要 关键词", .other),
    ])
    func typesByContent(_ text: String, _ type: DocumentType) {
        #expect(Self.classify(text).type == type, "\(text)")
    }

    @Test func appraisalYearIsTheTitleYearNotTheSigningDate() {
        let c = Self.classify("事业单位工作人员年度考核登记表 签字日期：2023年1月10日 （2022年度）")
        #expect(c.year == 2022)
    }

    @Test func certificateYearAndPart() {
        let c = Self.classify("继续教育培训合格证书 身份证号 652901198503150012 2023年度专业科目 90学时 发证日期2024年1月")
        #expect(c.year == 2023)
        #expect(c.part == "professional")
    }

    @Test func certificateYearThroughOCRConfusionsOfDigitsAndYearMarks() {
        // 2O22 (letter O), 年度 read as 午庋, no issue date: the 培训内容 line still gives the year.
        let c = Self.classify("继续教育证书 证书编号：XJJX 培训内容：2O22午庋公需科目 学时：90学时")
        #expect(c.year == 2022)
        #expect(c.part == "public")
        #expect(Self.classify("继续教育证书 培训内容： 2O2I年度专业科目 学时：60").year == 2021)
    }

    @Test func appraisalYearInItsParenthesesWith年度Misread() {
        // "（2021年度）" read as "(20214)"; the signing date (2022年) must not win.
        #expect(Self.classify("事业单位工作人员年 度考核登记表 (20214) 姓名 XX 考核等次 优秀 2022年1月9日").year == 2021)
        #expect(Self.classify("事业单位工作人员年 度 考核登记表 (202348) 个人总结 2024年]月17日").year == 2023)
    }

    @Test func certificateYearFromItsNumberWhereTheFormatCarriesOne() {
        #expect(Self.classify("继续教育证书 证书编号：XJJX2023ZY874612 培训内容：专业科目 学时：60").year == 2023)
        // A misread 培训内容 line is outvoted by the number and the date of issue.
        #expect(Self.classify("继续教育证书 证书编号: XJJX2021GX899028 培训内容: 2024 AREA 90学时 合格 2021年9月4日").year == 2021)
        // Its label lost by OCR, the coded number still dates it.
        #expect(Self.classify("专业技术人员 继续教育证书 : XJJX2022GX265826 XX XX 工作单位: 培训内容: 发证单位:").year == 2022)
        // Digits alone are not read as a year.
        #expect(Self.classify("继续教育证书 证书编号：2021874612 培训内容：专业科目 学时：60").year == nil)
    }

    @Test func aLaterPageGivesTheYearTheFirstPageLost() {
        let pages = ["事业单位工作人员年度考核登记表 姓名 XX 单位 XX", "考核情况 （2022年度） 考核等次 优秀"].map(NormalizedText.normalize)
        let s = DocumentClassifier.segment(pages: pages)
        #expect(s.count == 1)
        #expect(s.first?.classification.year == 2022)
    }

    @Test func mandarinGrade() {
        #expect(Self.classify("普通话水平测试等级证书 测试成绩 87.5 等级 二级乙等").mandarinGrade == "二级乙等")
        #expect(Self.classify("普通话水平测试等级证书 等级 四级").mandarinGrade == nil)
        // The grade lost by OCR, the score still gives it.
        #expect(Self.classify("普通话水平测试等级证书 测试成绩 83.5 等 级 证书编号 652920007031750").mandarinGrade == "二级乙等")
        #expect(Self.classify("普通话水平测试等级证书 测试成绩 52 等 级").mandarinGrade == nil)
        // A printed grade that is not a real one is not overruled by the score.
        #expect(Self.classify("普通话水平测试等级证书 测试成绩 87.5 等级 四级").mandarinGrade == nil)
    }

    @Test func threeAppraisalsInOneFileAreThreeSegments() {
        let pages = ["事业单位工作人员年度考核登记表 （2021年度）", "个人总结 本人……", "事业单位工作人员年度考核登记表 （2022年度）",
                     "事业单位工作人员年度考核登记表 （2023年度）"].map(NormalizedText.normalize)
        let s = DocumentClassifier.segment(pages: pages)
        #expect(s.map { [$0.firstPage, $0.lastPage] } == [[1, 2], [3, 3], [4, 4]])
        #expect(s.map(\.classification.year) == [2021, 2022, 2023])
    }

    @Test func aReviewFormsRecommendationPageStaysInTheForm() {
        let pages = ["专业技术职务任职资格评审表 姓名 XX", "单位推荐意见：同意推荐 推荐意见 （盖章）"].map(NormalizedText.normalize)
        #expect(DocumentClassifier.segment(pages: pages).count == 1)
    }
}
