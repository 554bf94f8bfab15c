import Foundation
import Ingest
import PrescreenCore
import Testing
import TestSupport

@Suite("FormatSniffer")
struct FormatSnifferTests {
    static let table: [(Data, FileFormat)] = [
        (IngestFixtures.pdf, .pdf),
        (Data("junk before the header\n".utf8) + IngestFixtures.pdf, .pdf),
        (Data(repeating: 0x20, count: 1100) + IngestFixtures.pdf, .unsupported),
        (IngestFixtures.jpeg, .jpeg),
        (IngestFixtures.png, .png),
        (IngestFixtures.tiffLE, .tiff),
        (IngestFixtures.tiffBE, .tiff),
        (IngestFixtures.bmp, .bmp),
        (Data("BMW annual report, plain text".utf8), .unsupported),
        (Data(), .empty),
        (Data("PK\u{3}\u{4}".utf8), .unsupported),
        (Data([0xFF, 0xD8]), .unsupported),
    ]

    @Test(arguments: table)
    func sniffs(_ bytes: Data, _ expected: FileFormat) {
        #expect(FormatSniffer.sniff(bytes) == expected)
    }

    @Test func sliceWithNonZeroStartIndexIsSniffed() {
        let data = Data([0, 0]) + IngestFixtures.png
        #expect(FormatSniffer.sniff(data.dropFirst(2)) == .png)
    }

    @Test func pngNamedJpgIsPNG() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/applicant.yml", IngestFixtures.manifest())
        try tree.file("A/photo.jpg", IngestFixtures.png)
        let folder = try #require(try Discovery.applicants(root: tree.root).first)
        let attachment = try #require(Discovery.attachments(of: folder, root: tree.root).attachments.first)
        #expect(FormatSniffer.sniff(try FileReader.read(attachment, maxBytes: 1 << 20)) == .png)
    }
}

@Suite("FileReader and Digest")
struct FileReaderTests {
    @Test func readLimitIsCheckedBeforeReading() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/applicant.yml", IngestFixtures.manifest())
        try tree.file("A/big.pdf", Data(repeating: 0x41, count: 5000))
        let folder = try #require(try Discovery.applicants(root: tree.root).first)
        let attachment = try #require(Discovery.attachments(of: folder, root: tree.root).attachments.first)
        #expect(try FileReader.read(attachment, maxBytes: 5000).count == 5000)
        do {
            _ = try FileReader.read(attachment, maxBytes: 4999)
            Issue.record("over the limit must throw")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    @Test func missingFileAndSymlinkAreReadFailures() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("target.pdf", IngestFixtures.pdf)
        try tree.symlink("link.pdf", to: "target.pdf")
        for (name, errno) in [("gone.pdf", ENOENT), ("link.pdf", ELOOP)] {
            let attachment = Attachment(relativePath: name, rawPath: Array(tree.path(name).utf8), size: 0)
            do {
                _ = try FileReader.read(attachment, maxBytes: 100)
                Issue.record("\(name) must not be read")
            } catch {
                #expect(error.code == .readFailed)
                // The system call underneath is kept as the cause, by name and errno.
                #expect(error.cause == SystemCallError(call: "open", errno: errno), "\(name)")
            }
        }
    }

    @Test func sha256IsLowercaseHex() {
        #expect(Digest.sha256(Data("abc".utf8))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}

@Suite("ManifestLoader")
struct ManifestLoaderTests {
    private func load(_ yaml: String?, folder name: String = "AKS-0009") throws -> ManifestLoader.Outcome {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.dir(name)
        if let yaml { try tree.file("\(name)/applicant.yml", yaml) }
        return ManifestLoader.load(folder: ApplicantFolder(rawPath: Array(tree.path(name).utf8)))
    }

    @Test func validManifestLoads() throws {
        guard case .loaded(let m, let warnings) = try load(IngestFixtures.manifest()) else {
            Issue.record("expected loaded")
            return
        }
        #expect(warnings.isEmpty)
        #expect(m.id == "AKS-0001")
        #expect(m.name == "张伟")
        #expect(m.formerNames == ["张小伟"])
        #expect(m.employer == "阿克苏地区第一人民医院")
        #expect(m.employerAliases == ["地区一院"])
        #expect(m.series == .engineering)
        #expect(m.level == .senior)
        #expect(m.employerKind == .publicInstitution)
        #expect(m.titleObtainedIn == .xinjiang)
        #expect(m.ceExempt == false)
        #expect(m.texts == ["work_summary": "本人 XX XX 从事工程工作", "resume": "简历"])
    }

    @Test func idDefaultsToFolderNameAndNumbersStayText() throws {
        guard case .loaded(let m, _) = try load(IngestFixtures.manifest(id: nil)) else {
            Issue.record("expected loaded")
            return
        }
        #expect(m.id == "AKS-0009")
        guard case .loaded(let m2, _) = try load("id: 0001\nname: 李四\nce_exempt: yes\n") else {
            Issue.record("expected loaded")
            return
        }
        #expect(m2.id == "0001")
        #expect(m2.ceExempt)
        #expect(m2.employer == nil)
    }

    @Test func missingManifest() throws {
        #expect(try load(nil) == .missing)
    }

    @Test func unknownKeyIsAWarningWithItsLine() throws {
        guard case .loaded(let m, let warnings) = try load(IngestFixtures.manifest(extra: "nickname: 小张\n")) else {
            Issue.record("expected loaded")
            return
        }
        #expect(m.name == "张伟")
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("'nickname'") == true)
        #expect(warnings.first?.contains("line 14") == true, "\(warnings)")
        #expect(warnings.first?.contains("小张") == false)
    }

    static let malformed: [(yaml: String, mustContain: [String])] = [
        ("name: 张伟\nemployer: [unclosed\n", ["line"]),
        ("name: 张伟\n  bad: indent: here\n", ["line 2"]),
        ("- a\n- b\n", ["mapping"]),
        ("", ["empty"]),
        ("name: 张伟\nseries: medicine\n", ["'series'", "line 2", "engineering"]),
        ("level: senior\nlevel: junior\n", ["level"]),
        ("employer_kind: ngo\n", ["'employer_kind'"]),
        ("title_obtained_in: beijing\n", ["'title_obtained_in'"]),
        ("name: [张伟]\n", ["'name'", "line 1"]),
        ("former_names: 张小伟\n", ["'former_names'"]),
        ("ce_exempt: maybe\n", ["'ce_exempt'"]),
        ("texts: [a]\n", ["'texts'"]),
    ]

    @Test(arguments: malformed)
    func malformedManifest(_ yaml: String, _ mustContain: [String]) throws {
        guard case .malformed(let message) = try load(yaml) else {
            Issue.record("expected malformed")
            return
        }
        for part in mustContain { #expect(message.contains(part), "\(message)") }
        // Said in Chinese first (the English follows for the engineer), naming the file.
        #expect(message.hasPrefix("applicant.yml"), "\(message)")
        #expect(message.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(message)")
        // Applicant data never rides along in the message.
        #expect(!message.contains("张伟"))
        #expect(!message.contains("medicine"))
    }

    @Test func oversizedAndNonUTF8AreMalformed() throws {
        let big = "name: x\n" + String(repeating: "# padding\n", count: 110_000)
        guard case .malformed(let m1) = try load(big) else {
            Issue.record("expected malformed")
            return
        }
        #expect(m1.contains("larger"))
        let outcome = ManifestLoader.parse(Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xD5, 0xC5]), defaultID: "x")
        guard case .malformed(let m2) = outcome else {
            Issue.record("expected malformed")
            return
        }
        #expect(m2.contains("UTF-8"))
    }

    @Test func byteOrderMarkIsAccepted() {
        let outcome = ManifestLoader.parse(Data([0xEF, 0xBB, 0xBF]) + Data("name: 张伟\n".utf8), defaultID: "d")
        #expect(outcome == .loaded(Manifest(id: "d", name: "张伟"), warnings: []))
    }
}
