import Corpus
import DocumentKit
import Foundation
import PrescreenCore

/// The labeled corpus: applicants drawn from a seed, each exercising some rules, with negatives everywhere.
enum CorpusPlan {
    static func build(seed: UInt64, size: Int, face: Bitmap?) throws -> [ApplicantBuild] {
        var master = SplitMix64(seed: seed)
        return (0..<size).map { i in applicant(i, rng: master.fork(), face: face) }
    }

    static func applicant(_ i: Int, rng r: SplitMix64, face: Bitmap?) -> ApplicantBuild {
        var rng = r
        let folder = String(format: "AKS-%04d", i + 1)
        let employer = rng.pick(People.employers)
        let series: Manifest.Series = employer.kind == .enterprise && rng.chance(0.6) ? .economics
            : rng.pick([.engineering, .engineering, .economics, .humanResources])
        var p = People.person(&rng, employer: employer, series: series)
        if rng.chance(0.12) { p.formerName = People.randomName(&rng, length: 3) }
        let level: Manifest.Level = rng.pick([.senior, .senior, .deputySenior, .intermediate])
        let origin: Manifest.TitleOrigin = rng.chance(0.75) ? .xinjiang : .elsewhere
        let exempt = rng.chance(0.08)
        var m = SampleSet.manifest(folder, p, series: series, level: level, origin: origin, exempt: exempt)
        let style = rng.pick([Mask.xx, .stars, .crosses, .burnedBox, .mosaic, .xx])
        var k = Kit(person: p, manifest: m, face: face, rng: rng.fork(), masked: .masked(style))
        var notes: [String] = ["mask style \(style.rawValue)"]
        // Special roles by index keep every rule represented whatever the seed.
        let role = i % 10
        let clean = i % 13 == 5
        let leakRate = clean ? 0 : 0.12

        func plan(_ rng: inout SplitMix64) -> MaskPlan {
            var pl = MaskPlan.masked(style)
            if rng.chance(leakRate) { pl.name = .visible }
            if rng.chance(leakRate) { pl.employer = .visible }
            if rng.chance(leakRate * 0.6) { pl.photo = .visible }
            if rng.chance(leakRate) { pl.seal = .visible }
            if rng.chance(leakRate * 0.7) { pl.idNumber = .visible }
            if rng.chance(leakRate * 0.5) { pl.name = .vectorBox }
            return pl
        }
        func keep(_ p: Double) -> Bool { clean || k.rng.chance(p) }

        var docs: [DocSpec] = []
        // Education.
        let edu = k.rng.double(0...1)
        if clean || edu < 0.8 {
            let route: Route = k.rng.chance(0.7) ? .textPDF : k.scanRoute(k.rng.int(0...3))
            docs.append(DocSpec(path: "学历/学历证明.\(ext(route))", drafts: [Templates.chsi(p, k.opts(plan(&k.rng)))], route: route))
        } else if edu < 0.9 {
            docs.append(DocSpec(path: "学历/毕业生登记表.jpg", drafts: [Templates.graduateForm(p, k.opts(plan(&k.rng)))],
                                route: .image(.jpeg(quality: 55), dpi: 150, effects: Kit.scanEffects(&k.rng))))
        } else {
            docs.append(DocSpec(path: "学历/毕业证书.pdf", drafts: [Templates.diploma(p, k.opts(plan(&k.rng)))], route: .textPDF))
        }
        // Appraisals: merged, separate scans or PDFs; sometimes a year missing or the wrong year.
        var years = [2021, 2022, 2023].filter { _ in keep(0.88) }
        if !clean, k.rng.chance(0.06), let first = years.first { years[0] = first - 1; notes.append("appraisal of the wrong year") }
        let apRoute = k.rng.int(0...4)
        if apRoute == 0 && years.count > 1 {
            let route: Route = k.rng.chance(0.5) ? .textPDF : .scanPDF(dpi: 150, effects: Kit.scanEffects(&k.rng), ocrLayer: false)
            docs.append(DocSpec(path: "考核/年度考核合集.pdf", drafts: years.map { Templates.appraisal(p, k.opts(plan(&k.rng)), year: $0) },
                                route: route))
            notes.append("merged appraisals")
        } else if apRoute == 1 && years.count > 1 {
            docs.append(DocSpec(path: "考核/考核表.tif", drafts: years.map { Templates.appraisal(p, k.opts(plan(&k.rng)), year: $0) },
                                route: .tiff(dpi: 150, effects: [.grey, .skew(degrees: 0.8)])))
        } else {
            for y in years {
                let route: Route = k.rng.chance(0.5) ? .textPDF : k.scanRoute(k.rng.int(0...3))
                docs.append(DocSpec(path: "考核/\(y)年度考核表.\(ext(route))",
                                    drafts: [Templates.appraisal(p, k.opts(plan(&k.rng)), year: y)], route: route))
            }
        }
        // Continuing education (or the exemption form).
        if exempt && keep(0.8) {
            docs.append(DocSpec(path: "继续教育/免学审批表.pdf", drafts: [Templates.ceExemption(p, k.opts(plan(&k.rng)))], route: .textPDF))
        } else {
            for y in 2021...2024 {
                for part in ["public", "professional"] where keep(0.8) {
                    let route: Route = y < 2022 && k.rng.chance(0.5) ? k.scanRoute(k.rng.int(0...3)) : .textPDF
                    docs.append(DocSpec(path: "继续教育/\(y)\(part == "public" ? "公需科目" : "专业科目").\(ext(route))",
                                        drafts: [Templates.ceCertificate(p, k.opts(plan(&k.rng)), year: y, part: part)], route: route))
                }
            }
        }
        // Title evidence.
        var titleDocs: [DocSpec] = [
            DocSpec(path: "职称/资格证书.pdf", drafts: [Templates.titleCertificate(p, k.opts(plan(&k.rng)))], route: .textPDF),
            DocSpec(path: "职称/任职资格文件.pdf", drafts: [Templates.titleDocument(p, k.opts(plan(&k.rng)))], route: .textPDF),
            DocSpec(path: "职称/评审表.pdf", drafts: [Templates.titleReviewForm(p, k.opts(plan(&k.rng)))], route: .textPDF),
        ]
        if origin == .xinjiang {
            titleDocs = [titleDocs[k.rng.int(0...2)]]
        } else {
            titleDocs = titleDocs.filter { _ in keep(0.85) }
        }
        docs += titleDocs
        // Mandarin (public institutions), economics exam.
        if employer.kind == .publicInstitution && keep(0.9) {
            let level = clean || k.rng.chance(0.85) ? k.rng.pick(["二级甲等", "二级乙等", "一级乙等", "三级乙等"]) : "三级丙等"
            let route: Route = k.rng.chance(0.5) ? .textPDF : k.scanRoute(k.rng.int(0...3))
            docs.append(DocSpec(path: "普通话/等级证书.\(ext(route))", drafts: [Templates.mandarin(p, k.opts(plan(&k.rng)), level: level)],
                                route: route, mandarinLevel: level))
        }
        if series == .economics && (keep(0.85)) {
            docs.append(DocSpec(path: "考试/经济专业考试成绩.pdf", drafts: [Templates.economicsExam(p, k.opts(plan(&k.rng)))], route: .textPDF))
        }
        // The four other documents.
        let others: [(String, (Person, TemplateOptions) -> DocumentDraft)] = [
            ("单位公示", Templates.publicity), ("公示结果", Templates.publicityResult),
            ("推荐报告", Templates.recommendation), ("个人承诺书", Templates.commitment),
        ]
        for (name, make) in others where keep(0.88) {
            let route: Route = k.rng.chance(0.7) ? .textPDF : .scanPDF(dpi: 150, effects: Kit.scanEffects(&k.rng), ocrLayer: k.rng.chance(0.4))
            docs.append(DocSpec(path: "其他/\(name).pdf", drafts: [make(p, k.opts(plan(&k.rng)))], route: route))
        }
        if k.rng.chance(0.3) {
            docs.append(DocSpec(path: "其他/论文首页.pdf",
                                drafts: [Templates.paper(p, k.opts(plan(&k.rng)), applicantAsAuthor: !clean && k.rng.chance(0.3))],
                                route: .textPDF))
        }

        var raws: [RawFile] = []
        // Photo and seal cases (issue 5, VisionCases): photos masked by blur or a sticker, small and crooked photos,
        // a phone photo of a certificate, look-alikes. Drawn from their own generator so other draws stay put.
        if !clean && role != 7 {
            var vr = rng.fork()
            var pl = MaskPlan.masked(style)
            pl.photo = .visible
            let o = TemplateOptions(plan: pl, variant: vr.int(0...7), face: face, seed: vr.next())
            let styles = VisionCases.PhotoStyle.allCases
            if i % 4 == 0, let d = try? VisionCases.restyle(Templates.chsi(p, o), photo: styles[(i / 4) % styles.count]) {
                let route: Route = vr.chance(0.5) ? .textPDF : .image(.jpeg(quality: 60), dpi: 150, effects: Kit.scanEffects(&vr))
                docs.append(DocSpec(path: "学历/备案表（照片\((i / 4) % styles.count)）.\(ext(route))", drafts: [d], route: route))
            } else if i % 4 == 2, face != nil, let d = try? VisionCases.phonePhoto(Templates.titleCertificate(p, o).pages[0], seed: vr.next()) {
                let path = "职称/证书手机拍照.jpg"
                raws.append(RawFile(pathBytes: Array(path.utf8), data: d, truth: DocumentTruth(path: path, type: .titleCertificate),
                                    findings: [FindingKey(rule: .blindPhoto, document: path, page: 1)]))
            } else if i % 4 == 3 {
                let d = VisionCases.addLookAlikes(Templates.commitment(p, TemplateOptions(plan: .masked(style), variant: 0, face: face, seed: vr.next())), seed: vr.next())
                docs.append(DocSpec(path: "其他/承诺书（附图）.pdf", drafts: [d], route: vr.chance(0.5) ? .textPDF : .scanPDF(dpi: 150, effects: [.noise(sigma: 5, seed: vr.next())], ocrLayer: false)))
            }
        }
        var manifestText: String? = ManifestYAML.text(m)
        var valid = true
        if !clean {
            switch role {
            case 1:
                // The name under a vector box in a text PDF; and a masked scan with an OCR text layer beneath.
                var pl = MaskPlan.masked(.vectorBox)
                pl.photo = .burnedBox
                docs.append(DocSpec(path: "其他/推荐报告（盖章版）.pdf", drafts: [Templates.recommendation(p, k.opts(pl))],
                                    route: .scanPDF(dpi: 150, effects: [.grey], ocrLayer: true)))
                notes.append("hidden text under masks")
            case 2:
                // An unlisted alias in the 工作单位 field: only the label rule can catch it.
                var o = k.opts(MaskPlan.masked(style))
                o.variant = 1
                var pl = o.plan
                pl.employer = .visible
                o.plan = pl
                var draft = Templates.titleReviewForm(p, o)
                draft = Self.replacingAlias(draft, person: p, o: o)
                docs.append(DocSpec(path: "职称/评审表（单位简称）.pdf", drafts: [draft], route: .textPDF))
                notes.append("unlisted alias visible in 工作单位: label only")
            case 3:
                raws.append(RawFile(pathBytes: Array("附件/空文件.pdf".utf8), data: Data(), truth: nil,
                                    findings: [FindingKey(rule: .inputUnreadable, document: "附件/空文件.pdf")]))
                raws.append(RawFile(pathBytes: Array("附件/说明.docx".utf8), data: Data("PK\u{3}\u{4}fake-docx".utf8), truth: nil,
                                    findings: [FindingKey(rule: .inputUnsupported, document: "附件/说明.docx")]))
                raws.append(RawFile(pathBytes: Array("附件/备注.txt".utf8), data: Data("补充说明：无。\n".utf8), truth: nil,
                                    findings: [FindingKey(rule: .inputUnsupported, document: "附件/备注.txt")]))
                notes.append("empty PDF, .docx and .txt attachments")
            case 4:
                if let d = try? DocumentWriter.write(Templates.commitment(p, k.opts()).pages, route: .textPDF) {
                    raws.append(RawFile(pathBytes: Array("附件/截断.pdf".utf8), data: d.prefix(d.count / 3), truth: nil,
                                        findings: [FindingKey(rule: .inputUnreadable, document: "附件/截断.pdf")]))
                }
                var noise = SplitMix64(seed: UInt64(i) &* 977)
                raws.append(RawFile(pathBytes: Array("附件/random.pdf".utf8), data: Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &noise) }),
                                    truth: nil, findings: [FindingKey(rule: .inputUnreadable, document: "附件/random.pdf")]))
                notes.append("truncated and random-bytes PDFs")
                if let plain = try? DocumentWriter.write(Templates.commitment(p, k.opts()).pages, route: .textPDF),
                   let locked = Encryption.encrypt(plain) {
                    raws.append(RawFile(pathBytes: Array("附件/加密.pdf".utf8), data: locked, truth: nil,
                                        findings: [FindingKey(rule: .inputUnreadable, document: "附件/加密.pdf")]))
                    notes.append("encrypted PDF (user password)")
                }
            case 5:
                // A rotated page and an illegible page (both fully masked so nothing else is expected there).
                let turns = k.rng.pick([1, 2, 3])
                docs.append(DocSpec(path: "其他/扫描件.jpg", drafts: [Templates.paper(p, k.opts(), applicantAsAuthor: false)],
                                    route: .image(.jpeg(quality: 60), dpi: 150, effects: [.grey, .rotate(quarterTurns: turns)]),
                                    rotatedPages: [1]))
                docs.append(DocSpec(path: "其他/模糊.jpg", drafts: [Templates.paper(p, k.opts(), applicantAsAuthor: false)],
                                    route: .image(.jpeg(quality: 40), dpi: 150, effects: [.grey, .faint(contrast: 0.08), .blur(radius: 4)]),
                                    illegible: true))
                notes.append("rotated \(turns * 90)° page; illegible page")
            case 6:
                // A PNG named .jpg (fine) and a Latin-1 byte in a file name.
                let draft = Templates.paper(p, k.opts(), applicantAsAuthor: false)
                if let png = try? DocumentWriter.write(draft.pages, route: .image(.png, dpi: 150, effects: [.grey])) {
                    raws.append(RawFile(pathBytes: Array("其他/资料.jpg".utf8), data: png,
                                        truth: DocumentTruth(path: "其他/资料.jpg", type: .other), findings: []))
                    var bytes = Array("其他/r".utf8) + [0xE9] + Array("sum\u{e9}.png".utf8)
                    bytes = Array(bytes)
                    raws.append(RawFile(pathBytes: bytes, data: png,
                                        truth: DocumentTruth(path: RawFile.reported(bytes), type: .other), findings: []))
                }
            case 7:
                if i % 20 == 7 { manifestText = nil; notes.append("applicant.yml missing") }
                else { manifestText = "name: [unclosed\nemployer: : :\n"; notes.append("applicant.yml malformed") }
                valid = false
            case 8:
                m.texts["work_summary"] = "本人\(p.name)长期从事\(p.major)工作，主持完成多项重点项目。"
                notes.append("text field names the applicant")
            case 9:
                // A signature alone leaks the name on a commitment scan.
                var pl = MaskPlan.masked(style)
                pl.signature = .visible
                docs.append(DocSpec(path: "其他/承诺书（签字）.jpg", drafts: [Templates.commitment(p, k.opts(pl))],
                                    route: .image(.jpeg(quality: 60), dpi: 200, effects: [.grey])))
                notes.append("handwritten signature visible")
            default: break
            }
        } else {
            notes.append("clean and complete")
        }
        if !valid {
            // No applicant.yml: keep every document fully masked and present so only input/manifest is expected.
            docs = fullyMaskedCompleteSet(p, &k)
        }
        return ApplicantBuild(folder: folder, profile: Profile(manifest: m, manifestValid: valid),
                              manifestText: valid ? ManifestYAML.text(m) : manifestText, docs: docs, raws: raws, notes: notes)
    }

    static func ext(_ r: Route) -> String {
        switch r {
        case .textPDF, .scanPDF: return "pdf"
        case .image(let e, _, _):
            switch e {
            case .png: return "png"
            case .jpeg: return "jpg"
            case .bmp: return "bmp"
            case .tiff: return "tif"
            }
        case .tiff: return "tif"
        }
    }

    static func replacingAlias(_ d: DocumentDraft, person p: Person, o: TemplateOptions) -> DocumentDraft {
        // Rebuild the form with the unlisted short form in 工作单位 and the name masked.
        var q = p
        q.employer.aliases = [p.employer.unlistedAlias]
        var o2 = o
        var pl = MaskPlan.masked(.xx)
        pl.employer = .visible
        o2.plan = pl
        var draft = Templates.titleReviewForm(q, o2)
        // The alias written is not one the tool knows: it is only a label leak, never an employer one.
        draft.exposures = draft.exposures.map { e in
            var e = e
            if e.kind == .employer && e.shown == .visible && e.page == 0 { e.kind = .unlistedEmployerAlias }
            return e
        }
        _ = d
        return draft
    }

    static func fullyMaskedCompleteSet(_ p: Person, _ k: inout Kit) -> [DocSpec] {
        let pl = MaskPlan.masked(.xx)
        var docs = [DocSpec(path: "学历/备案表.pdf", drafts: [Templates.chsi(p, k.opts(pl))], route: .textPDF)]
        for y in 2021...2023 {
            docs.append(DocSpec(path: "考核/\(y).pdf", drafts: [Templates.appraisal(p, k.opts(pl), year: y)], route: .textPDF))
        }
        for y in 2021...2024 {
            for part in ["public", "professional"] {
                docs.append(DocSpec(path: "继续教育/\(y)-\(part).pdf", drafts: [Templates.ceCertificate(p, k.opts(pl), year: y, part: part)],
                                    route: .textPDF))
            }
        }
        docs.append(DocSpec(path: "职称/证书.pdf", drafts: [Templates.titleCertificate(p, k.opts(pl))], route: .textPDF))
        docs.append(DocSpec(path: "职称/文件.pdf", drafts: [Templates.titleDocument(p, k.opts(pl))], route: .textPDF))
        docs.append(DocSpec(path: "职称/评审表.pdf", drafts: [Templates.titleReviewForm(p, k.opts(pl))], route: .textPDF))
        docs.append(DocSpec(path: "普通话/证书.pdf", drafts: [Templates.mandarin(p, k.opts(pl), level: "二级甲等")], route: .textPDF,
                            mandarinLevel: "二级甲等"))
        docs.append(DocSpec(path: "考试/成绩.pdf", drafts: [Templates.economicsExam(p, k.opts(pl))], route: .textPDF))
        docs.append(DocSpec(path: "其他/公示.pdf", drafts: [Templates.publicity(p, k.opts(pl))], route: .textPDF))
        docs.append(DocSpec(path: "其他/公示结果.pdf", drafts: [Templates.publicityResult(p, k.opts(pl))], route: .textPDF))
        docs.append(DocSpec(path: "其他/推荐报告.pdf", drafts: [Templates.recommendation(p, k.opts(pl))], route: .textPDF))
        docs.append(DocSpec(path: "其他/承诺书.pdf", drafts: [Templates.commitment(p, k.opts(pl))], route: .textPDF))
        return docs
    }
}
