import DocumentKit
import Foundation
import PrescreenCore

/// Builds the documents of one applicant from a few decisions.
struct Kit {
    var person: Person
    var manifest: Manifest
    var face: Bitmap?
    var rng: SplitMix64
    var masked: MaskPlan
    /// Only layouts drawn with the TrueType font (small subsets), to keep committed samples small.
    var lightFonts = false

    mutating func opts(_ plan: MaskPlan? = nil) -> TemplateOptions {
        let variant = lightFonts ? rng.pick([0, 2, 4, 6]) : rng.int(0...7)
        return TemplateOptions(plan: plan ?? masked, variant: variant, face: face, seed: rng.next())
    }

    static func scanEffects(_ rng: inout SplitMix64, heavy: Bool = false) -> [ScanEffect] {
        var e: [ScanEffect] = [.grey, .skew(degrees: rng.double(0.5...2.5) * (rng.chance(0.5) ? 1 : -1))]
        e.append(.noise(sigma: heavy ? 18 : rng.double(4...9), seed: rng.next()))
        if rng.chance(0.3) { e.append(.blur(radius: 1)) }
        return e
    }

    /// A scan route for one page document, rotating between JPEG, PNG, BMP and image-only PDF.
    mutating func scanRoute(_ kind: Int) -> Route {
        let dpi = rng.chance(0.5) ? 150.0 : 180.0
        let fx = Kit.scanEffects(&rng)
        switch kind % 4 {
        case 0: return .image(.jpeg(quality: rng.int(45...70)), dpi: dpi, effects: fx)
        case 1: return .image(.png, dpi: 150, effects: [.grey, .skew(degrees: rng.double(0.5...1.5))])
        case 2: return .scanPDF(dpi: dpi, effects: fx, ocrLayer: false)
        default: return .image(.jpeg(quality: 60), dpi: dpi, effects: fx)
        }
    }
}

/// The four demo applicants of Samples/.
enum SampleSet {
    static func build(face: Bitmap?) throws -> [ApplicantBuild] {
        var rng = SplitMix64(seed: 20_240_718)
        var out: [ApplicantBuild] = []

        // 1: a complete, fully masked submission (public institution, title obtained in Xinjiang).
        do {
            let e = People.employers[0]
            var p = People.person(&rng, employer: e, series: .engineering)
            p.name = "张伟"
            p.others = People.others(for: p.name, &rng)
            let m = manifest("AKS-0001", p, series: .engineering, level: .deputySenior, origin: .xinjiang)
            var k = Kit(person: p, manifest: m, face: face, rng: rng.fork(), masked: .masked(.xx), lightFonts: true)
            var b = ApplicantBuild(folder: "AKS-0001", profile: Profile(manifest: m), manifestText: ManifestYAML.text(m))
            b.docs.append(DocSpec(path: "学历/学历证书电子注册备案表.pdf", drafts: [Templates.chsi(p, k.opts())], route: .textPDF))
            for y in 2021...2023 {
                b.docs.append(DocSpec(path: "考核/\(y)年度考核.jpg", drafts: [Templates.appraisal(p, k.opts(.masked(.burnedBox)), year: y)],
                                      route: .image(.jpeg(quality: 55), dpi: 150, effects: Kit.scanEffects(&k.rng))))
            }
            for y in 2021...2024 {
                for part in ["public", "professional"] {
                    b.docs.append(DocSpec(path: "继续教育/\(y)\(part == "public" ? "公需课" : "专业课").pdf",
                                          drafts: [Templates.ceCertificate(p, k.opts(), year: y, part: part)], route: .textPDF))
                }
            }
            b.docs.append(DocSpec(path: "职称/资格证书.pdf", drafts: [Templates.titleCertificate(p, k.opts())], route: .textPDF))
            b.docs.append(DocSpec(path: "普通话/普通话证书.pdf", drafts: [Templates.mandarin(p, k.opts(), level: "二级乙等")],
                                  route: .textPDF, mandarinLevel: "二级乙等"))
            b.docs.append(DocSpec(path: "其他/单位公示.pdf", drafts: [Templates.publicity(p, k.opts())], route: .textPDF))
            b.docs.append(DocSpec(path: "其他/公示结果.pdf", drafts: [Templates.publicityResult(p, k.opts())], route: .textPDF))
            b.docs.append(DocSpec(path: "其他/推荐报告.pdf", drafts: [Templates.recommendation(p, k.opts())], route: .textPDF))
            b.docs.append(DocSpec(path: "其他/个人承诺书.pdf", drafts: [Templates.commitment(p, k.opts())], route: .textPDF))
            b.notes = ["完整且已遮盖的申报材料：应通过 / a complete, masked submission: passes"]
            out.append(b)
        }
        // 2: the CHSI report shows the name and the photo in a text-layer PDF.
        do {
            let e = People.employers[1]
            let p = People.person(&rng, employer: e, series: .engineering)
            let m = manifest("AKS-0002", p, series: .engineering, level: .senior, origin: .xinjiang)
            var k = Kit(person: p, manifest: m, face: face, rng: rng.fork(), masked: .masked(.stars), lightFonts: true)
            var b = ApplicantBuild(folder: "AKS-0002", profile: Profile(manifest: m), manifestText: ManifestYAML.text(m))
            var chsi = k.opts(MaskPlan(name: .visible, employer: .xx, idNumber: .stars, photo: .visible))
            chsi.variant = 0
            b.docs.append(DocSpec(path: "学历/备案表.pdf", drafts: [Templates.chsi(p, chsi)], route: .textPDF))
            b.docs.append(DocSpec(path: "考核/2021-2023年度考核.pdf",
                                  drafts: (2021...2023).map { Templates.appraisal(p, k.opts(), year: $0) }, route: .textPDF))
            b.docs.append(DocSpec(path: "职称/任职资格文件.pdf", drafts: [Templates.titleDocument(p, k.opts())], route: .textPDF))
            b.docs.append(DocSpec(path: "普通话/普通话证书.pdf", drafts: [Templates.mandarin(p, k.opts(), level: "二级甲等")],
                                  route: .textPDF, mandarinLevel: "二级甲等"))
            b.docs.append(DocSpec(path: "其他/个人承诺书.pdf", drafts: [Templates.commitment(p, k.opts())], route: .textPDF))
            b.notes = ["备案表第1页姓名与照片未遮盖 / CHSI page 1 shows the name and photo",
                       "缺继续教育证书、公示、推荐报告 / CE certificates, publicity and recommendation missing"]
            out.append(b)
        }
        // 3: scanned appraisals (JPEG), one with the employer's seal; CE certificates; a Mandarin certificate.
        do {
            let e = People.employers[2]
            let p = People.person(&rng, employer: e, series: .engineering)
            let m = manifest("AKS-0003", p, series: .engineering, level: .deputySenior, origin: .xinjiang)
            var k = Kit(person: p, manifest: m, face: face, rng: rng.fork(), masked: .masked(.burnedBox), lightFonts: true)
            var b = ApplicantBuild(folder: "AKS-0003", profile: Profile(manifest: m), manifestText: ManifestYAML.text(m))
            b.docs.append(DocSpec(path: "学历/学籍在线验证报告.pdf",
                                  drafts: [Templates.chsi(p, TemplateOptions(plan: .masked(.burnedBox), variant: 2, face: face, seed: 7))],
                                  route: .textPDF))
            for y in 2021...2023 {
                var plan = MaskPlan.masked(.burnedBox)
                if y == 2022 { plan.seal = .visible }
                b.docs.append(DocSpec(path: "考核/考核表\(y).jpg", drafts: [Templates.appraisal(p, k.opts(plan), year: y)],
                                      route: .image(.jpeg(quality: 55), dpi: 150, effects: Kit.scanEffects(&k.rng))))
            }
            for y in 2022...2024 {
                var plan = MaskPlan.masked(.burnedBox)
                if y == 2024 { plan.idNumber = .visible }
                b.docs.append(DocSpec(path: "继续教育/公需课\(y).pdf", drafts: [Templates.ceCertificate(p, k.opts(plan), year: y, part: "public")],
                                      route: .textPDF))
                b.docs.append(DocSpec(path: "继续教育/专业课\(y).pdf", drafts: [Templates.ceCertificate(p, k.opts(), year: y, part: "professional")],
                                      route: .textPDF))
            }
            b.docs.append(DocSpec(path: "职称/资格证书.png", drafts: [Templates.titleCertificate(p, k.opts())],
                                  route: .image(.png, dpi: 150, effects: [.grey])))
            b.docs.append(DocSpec(path: "普通话/普通话水平测试等级证书.jpg", drafts: [Templates.mandarin(p, k.opts(), level: "三级甲等")],
                                  route: .image(.jpeg(quality: 60), dpi: 180, effects: Kit.scanEffects(&k.rng)), mandarinLevel: "三级甲等"))
            b.notes = ["2022年度考核表单位公章未遮盖 / the 2022 appraisal shows the employer's seal",
                       "2024年公需课证书身份证号未遮盖 / the 2024 public CE certificate shows the ID number",
                       "缺2021年继续教育证书 / 2021 CE certificates missing"]
            out.append(b)
        }
        // 4: an enterprise economics applicant (title from elsewhere): hidden text under a vector box, exam missing.
        do {
            let e = People.employers[3]
            let p = People.person(&rng, employer: e, series: .economics)
            var m = manifest("AKS-0004", p, series: .economics, level: .senior, origin: .elsewhere)
            m.texts = ["work_summary": "本人自参加工作以来，在\(e.full)从事财务管理工作……", "resume": "XX XX"]
            var k = Kit(person: p, manifest: m, face: face, rng: rng.fork(), masked: .masked(.xx), lightFonts: true)
            var b = ApplicantBuild(folder: "AKS-0004", profile: Profile(manifest: m), manifestText: ManifestYAML.text(m))
            b.docs.append(DocSpec(path: "学历/备案表.pdf", drafts: [Templates.chsi(p, k.opts())], route: .textPDF))
            b.docs.append(DocSpec(path: "考核/2021.pdf", drafts: [Templates.appraisal(p, k.opts(MaskPlan.masked(.vectorBox)), year: 2021)],
                                  route: .textPDF))
            for y in 2022...2023 {
                b.docs.append(DocSpec(path: "考核/\(y).pdf", drafts: [Templates.appraisal(p, k.opts(), year: y)], route: .textPDF))
            }
            b.docs.append(DocSpec(path: "职称/资格证书.pdf", drafts: [Templates.titleCertificate(p, k.opts())], route: .textPDF))
            b.docs.append(DocSpec(path: "职称/评审表.pdf", drafts: [Templates.titleReviewForm(p, k.opts())], route: .textPDF))
            b.docs.append(DocSpec(path: "其他/推荐报告.pdf", drafts: [Templates.recommendation(p, k.opts())], route: .textPDF))
            b.notes = ["2021年考核表：黑框下仍有姓名与单位文字 / 2021 appraisal: name and employer under vector boxes",
                       "工作总结含单位名称 / the work summary names the employer",
                       "缺经济专业考试成绩、任职资格文件、继续教育 / economics exam, title document and CE missing"]
            out.append(b)
        }
        return out
    }

    static func manifest(_ id: String, _ p: Person, series: Manifest.Series, level: Manifest.Level,
                         origin: Manifest.TitleOrigin, exempt: Bool = false) -> Manifest {
        Manifest(id: id, name: p.name, formerNames: p.formerName.map { [$0] } ?? [], employer: p.employer.full,
                 employerAliases: p.employer.aliases, series: series, level: level, employerKind: p.employer.kind,
                 titleObtainedIn: origin, ceExempt: exempt, texts: ["work_summary": "XX XX 同志在 XX XX 从事专业技术工作。"])
    }
}
