import Foundation
import Ingest
import Testing
import TestSupport

@Suite("Discovery")
struct DiscoveryTests {
    @Test func singleApplicantRootIsOneApplicant() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("applicant.yml", IngestFixtures.manifest())
        try tree.file("学历/备案表.pdf", IngestFixtures.pdf)
        try tree.file("sub/AKS-0002/x.pdf", IngestFixtures.pdf)

        let found = try Discovery.applicants(root: tree.root)
        #expect(found.map(\.path) == [tree.root])
        #expect(found.first?.name == (tree.root as NSString).lastPathComponent)
    }

    @Test func batchRootListsChildrenWithManifestOrAttachments() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.applicant("AKS-0002", manifest: IngestFixtures.manifest(id: "AKS-0002"))
        try tree.applicant("AKS-0001", manifest: nil, files: ["a.pdf": IngestFixtures.pdf])  // still an applicant
        try tree.dir("empty")  // neither: not an applicant
        try tree.file(".hidden/a.pdf", IngestFixtures.pdf)
        try tree.file("~$lock/a.pdf", IngestFixtures.pdf)
        try tree.file("only-hidden/.DS_Store", "x")
        try tree.file("README.txt", "notes")

        let found = try Discovery.applicants(root: tree.root)
        #expect(found.map(\.name) == ["AKS-0001", "AKS-0002"])
        #expect(found.allSatisfy { $0.path.hasPrefix(tree.root + "/") })
    }

    @Test func childLinksCountOnlyInsideRoot() throws {
        let outside = try TempTree("outside")
        defer { outside.remove() }
        try outside.applicant("X")
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.applicant(".store/AKS-0001")
        try tree.symlink("AKS-0001", to: ".store/AKS-0001")
        try tree.symlink("AKS-0009", to: outside.path("X"))
        let found = try Discovery.applicants(root: tree.root)
        #expect(found.map(\.name) == ["AKS-0001"])
        #expect(found.first?.path == tree.path("AKS-0001"))
    }

    @Test func rootWithoutManifestOrChildrenButWithFilesIsOneApplicant() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("a.pdf", IngestFixtures.pdf)
        #expect(try Discovery.applicants(root: tree.root).map(\.path) == [tree.root])
    }

    @Test func missingRootAndFileRootAreErrors() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("plain.txt", "x")
        do {
            _ = try Discovery.applicants(root: tree.path("nope"))
            Issue.record("a missing ROOT must throw")
        } catch {
            #expect(error.code == .rootMissing)
        }
        do {
            _ = try Discovery.applicants(root: tree.path("plain.txt"))
            Issue.record("a file as ROOT must throw")
        } catch {
            #expect(error.code == .notADirectory)
        }
    }

    @Test func attachmentsSkipManifestHiddenAndTempFilesAndRecurse() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/applicant.yml", IngestFixtures.manifest())
        try tree.file("A/sub/applicant.yml", "not the manifest: an attachment")
        try tree.file("A/学历/备案表.pdf", IngestFixtures.pdf)
        try tree.file("A/考核/2021/考核.jpg", IngestFixtures.jpeg)
        try tree.file("A/.git/config", "x")
        try tree.file("A/.secret.pdf", IngestFixtures.pdf)
        try tree.file("A/~$doc.docx", "lock")
        try tree.file("A/b.png", IngestFixtures.png)

        let folder = try #require(try Discovery.applicants(root: tree.root).first)
        let result = Discovery.attachments(of: folder, root: tree.root)
        // Byte order of UTF-8: 学 (E5 AD A6) before 考 (E8 80 83).
        #expect(result.attachments.map(\.relativePath)
            == ["b.png", "sub/applicant.yml", "学历/备案表.pdf", "考核/2021/考核.jpg"])
        #expect(result.skipped.isEmpty)
        let png = try #require(result.attachments.first)
        #expect(png.size == Int64(IngestFixtures.png.count))
        #expect(String(decoding: png.rawPath, as: UTF8.self) == tree.path("A/b.png"))
    }

    @Test func symlinkInsideRootIsFollowedAndOutsideIsSkipped() throws {
        let outside = try TempTree("outside")
        defer { outside.remove() }
        try outside.file("secret.pdf", IngestFixtures.pdf)
        try outside.file("dir/x.pdf", IngestFixtures.pdf)
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/applicant.yml", IngestFixtures.manifest())
        try tree.file("shared/common.pdf", IngestFixtures.pdf)
        try tree.file("A/real.pdf", IngestFixtures.pdf)
        try tree.symlink("A/linked.pdf", to: "../shared/common.pdf")
        try tree.symlink("A/linkdir", to: tree.path("shared"))
        try tree.symlink("A/escape.pdf", to: outside.path("secret.pdf"))
        try tree.symlink("A/escapedir", to: outside.path("dir"))
        try tree.symlink("A/dangling.pdf", to: "nowhere.pdf")

        let folder = try #require(try Discovery.applicants(root: tree.root).first { $0.name == "A" })
        let result = Discovery.attachments(of: folder, root: tree.root)
        #expect(result.attachments.map(\.relativePath) == ["linkdir/common.pdf", "linked.pdf", "real.pdf"])
        let linked = try #require(result.attachments.first { $0.relativePath == "linked.pdf" })
        #expect(String(decoding: linked.rawPath, as: UTF8.self) == tree.path("shared/common.pdf"))
        #expect(result.skipped.map(\.relativePath) == ["dangling.pdf", "escape.pdf", "escapedir"])
        #expect(result.skipped.filter { $0.reason.contains("outside ROOT") }.count == 2)
        // What discovery listed, the reader opens: the link's target is read, not refused.
        #expect(try FileReader.read(linked, maxBytes: 1000) == IngestFixtures.pdf)
    }

    @Test func symlinkLoopsTerminate() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/applicant.yml", IngestFixtures.manifest())
        try tree.file("A/d/x.pdf", IngestFixtures.pdf)
        try tree.symlink("A/d/up", to: "..")
        try tree.symlink("A/self", to: ".")
        try tree.symlink("A/p", to: "q")
        try tree.symlink("A/q", to: "p")

        let folder = try #require(try Discovery.applicants(root: tree.root).first)
        let result = Discovery.attachments(of: folder, root: tree.root)
        #expect(result.attachments.map(\.relativePath) == ["d/x.pdf"])
        #expect(Set(result.skipped.map(\.relativePath)) == ["d/up", "self", "p", "q"])
    }

    @Test func specialFilesAreSkipped() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/applicant.yml", IngestFixtures.manifest())
        try tree.fifo("A/pipe")
        let folder = try #require(try Discovery.applicants(root: tree.root).first)
        let result = Discovery.attachments(of: folder, root: tree.root)
        #expect(result.attachments.isEmpty)
        #expect(result.skipped.map(\.relativePath) == ["pipe"])
    }

    @Test func nonUTF8NamesSurviveAndCanBeRead() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/applicant.yml", IngestFixtures.manifest())
        // "学历.pdf" in GBK: not valid UTF-8.
        let gbk: [UInt8] = [0xD1, 0xA7, 0xC0, 0xFA, 0x2E, 0x70, 0x64, 0x66]
        let raw = try tree.rawFile(in: "A/docs", name: gbk, IngestFixtures.pdf)

        let folder = try #require(try Discovery.applicants(root: tree.root).first)
        let result = Discovery.attachments(of: folder, root: tree.root)
        let found = try #require(result.attachments.first)
        #expect(result.attachments.count == 1)
        #expect(found.rawPath == raw)
        // Decoded as GB 18030 (what GBK archives hold), not as U+FFFD, which made different names collide.
        #expect(found.relativePath == "docs/学历.pdf")
        #expect(try FileReader.read(found, maxBytes: 1 << 20) == IngestFixtures.pdf)
    }

    @Test func unreadableDirectoryIsSkipped() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/applicant.yml", IngestFixtures.manifest())
        try tree.file("A/locked/x.pdf", IngestFixtures.pdf)
        chmod(tree.path("A/locked"), 0)
        let folder = try #require(try Discovery.applicants(root: tree.root).first)
        let result = Discovery.attachments(of: folder, root: tree.root)
        // Root ignores permission bits, so the skip is only observable as an ordinary user.
        if getuid() == 0 {
            #expect(result.attachments.map(\.relativePath) == ["locked/x.pdf"])
        } else {
            #expect(result.attachments.isEmpty)
            #expect(result.skipped.map(\.relativePath) == ["locked"])
        }
    }
}
