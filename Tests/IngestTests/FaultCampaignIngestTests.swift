import Foundation
@testable import Ingest
import PrescreenCore
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Issue 20 (fault campaign): manifests that hang or leak, names that collide, layouts that are mistakes.
struct FaultCampaignIngestTests {
    /// Creates a directory whose name is the raw bytes `name` under `parent` (absolute); returns its path.
    static func rawDir(_ parent: String, _ name: [UInt8]) throws -> String {
        let full = Array(parent.utf8) + [0x2F] + name
        let rc = (full + [0]).withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars -> Int32 in
                guard let base = chars.baseAddress else { return -1 }
                return mkdir(base, 0o755)
            }
        }
        guard rc == 0 else { throw CocoaError(.fileWriteUnknown) }
        return String(decoding: full, as: UTF8.self)
    }

    // MARK: 1. applicant.yml that is a FIFO or a link out of ROOT

    @Test func aFIFOManifestIsRefusedWithoutBlocking() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/a.pdf", IngestFixtures.pdf)
        try tree.fifo("A/applicant.yml")
        let folder = ApplicantFolder(rawPath: Array(tree.path("A").utf8))
        let done = DispatchSemaphore(value: 0)
        let result = LockedBox<ManifestLoader.Outcome?>(nil)
        Thread {
            result.set(ManifestLoader.load(folder: folder, root: tree.root))
            done.signal()
        }.start()
        if done.wait(timeout: .now() + 5) == .timedOut {
            Issue.record("loading a FIFO applicant.yml blocked")
            // Unblock the reader: a writer opens the other end, then closes it.
            let fd = open(tree.path("A/applicant.yml"), O_WRONLY)
            if fd >= 0 { close(fd) }
            _ = done.wait(timeout: .now() + 5)
            return
        }
        guard case .malformed(let why)? = result.get() else {
            Issue.record("expected malformed, got \(String(describing: result.get()))")
            return
        }
        #expect(why.contains("not a regular file"), "\(why)")
        // Discovery counts it as the applicant's manifest (to be reported), and never opens it.
        #expect(try Discovery.applicants(root: tree.root).map(\.name) == ["A"])
    }

    @Test func aManifestLinkOutOfRootIsRefusedLikeAttachments() throws {
        let outside = try TempTree("outside")
        defer { outside.remove() }
        try outside.file("secret.yml", IngestFixtures.manifest())
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/a.pdf", IngestFixtures.pdf)
        try tree.symlink("A/applicant.yml", to: outside.path("secret.yml"))
        let folder = ApplicantFolder(rawPath: Array(tree.path("A").utf8))
        guard case .malformed(let why) = ManifestLoader.load(folder: folder, root: tree.root) else {
            Issue.record("a manifest link out of ROOT must not be followed")
            return
        }
        #expect(why.contains("outside ROOT"), "\(why)")
        // A link inside ROOT (a shared template) is still followed.
        try tree.file("templates/a.yml", IngestFixtures.manifest(id: "T-1"))
        try tree.file("B/a.pdf", IngestFixtures.pdf)
        try tree.symlink("B/applicant.yml", to: tree.path("templates/a.yml"))
        guard case .loaded(let m, _) = ManifestLoader.load(folder: ApplicantFolder(rawPath: Array(tree.path("B").utf8)),
                                                           root: tree.root) else {
            Issue.record("a link inside ROOT is followed")
            return
        }
        #expect(m.id == "T-1")
    }

    // MARK: 2. Names that are not UTF-8

    @Test func gbkApplicantFoldersGetDistinctChineseNames() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        let wang: [UInt8] = [0xCD, 0xF5, 0xB7, 0xBC]  // 王芳 in GBK
        let li: [UInt8] = [0xC0, 0xEE, 0xC4, 0xC8]  // 李娜 in GBK
        for name in [wang, li] {
            let dir = try Self.rawDir(tree.root, name)
            _ = dir
            _ = try tree.rawFile(in: "", name: name + Array("/applicant.yml".utf8), Data(IngestFixtures.manifest().utf8))
        }
        let names = try Discovery.applicants(root: tree.root).map(\.name)
        #expect(Set(names) == ["王芳", "李娜"], "\(names)")
    }

    @Test func brokenBytesInFileNamesNeverCollide() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("A/applicant.yml", IngestFixtures.manifest())
        _ = try tree.rawFile(in: "A", name: Array("a".utf8) + [0xFF] + Array(".pdf".utf8), IngestFixtures.pdf)
        _ = try tree.rawFile(in: "A", name: Array("a".utf8) + [0xFE] + Array(".pdf".utf8), IngestFixtures.pdf)
        // A UTF-8 name that reads like the escaped form of another one keeps its own; the other gives way.
        try tree.file("A/a%FF.pdf", IngestFixtures.pdf)
        let folder = try #require(try Discovery.applicants(root: tree.root).first)
        let paths = Discovery.attachments(of: folder, root: tree.root).attachments.map(\.relativePath)
        #expect(paths.count == 3)
        #expect(Set(paths).count == 3, "\(paths)")
        #expect(paths.contains("a%FE.pdf"))
        #expect(paths.contains("a%FF.pdf"))
    }

    @Test func rawNamesDecodeGB18030AndEscapeTheRest() {
        #expect(RawName.readable([0xCD, 0xF5, 0xB7, 0xBC]) == "王芳")
        #expect(RawName.readable(Array("学历".utf8)) == "学历")
        #expect(RawName.readable([0x61, 0xFF]) == "a%FF")
        // The same text in UTF-8 and in GBK, side by side: both stay, distinct.
        let both = RawName.distinct([Array("王芳".utf8), [0xCD, 0xF5, 0xB7, 0xBC]])
        #expect(both[0] == "王芳")
        #expect(both[1] != "王芳" && !both[1].isEmpty)
    }

    // MARK: 5. Misspelt keys

    @Test func unknownKeysNameTheKeyItsLineAndTheKeyMeant() {
        let yaml = "id: AKS-1\nName: 张伟\nEmployer: 某单位\nformer-names: []\nfavourite_colour: red\n"
        guard case .loaded(_, let warnings) = ManifestLoader.parse(Data(yaml.utf8), defaultID: "x") else {
            Issue.record("still loads")
            return
        }
        #expect(warnings.count == 4)
        #expect(warnings.contains { $0.contains("'Name'") && $0.contains("第 2 行") && $0.contains("'name'") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("'Employer'") && $0.contains("'employer'") })
        #expect(warnings.contains { $0.contains("'former-names'") && $0.contains("'former_names'") })
        #expect(warnings.contains { $0.contains("'favourite_colour'") && !$0.contains("?") })
    }

    // MARK: Layout mistakes

    @Test func rootOneLevelTooHighIsAUsageErrorNamingTheRightRoot() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        for id in ["AKS-1", "AKS-2"] { try tree.applicant("批次/\(id)", files: ["a.pdf": IngestFixtures.pdf]) }
        do {
            _ = try Discovery.applicants(root: tree.root)
            Issue.record("ROOT one level too high must be refused")
        } catch {
            #expect(error.code == .layout)
            #expect(error.message.contains(tree.root + "/批次"), "\(error.message)")
        }
    }

    @Test func anApplicantFolderWithoutManifestIsNotSplitIntoApplicants() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.file("学历/备案表.pdf", IngestFixtures.pdf)
        try tree.file("考核/2021.pdf", IngestFixtures.pdf)
        try tree.file("简历.pdf", IngestFixtures.pdf)
        do {
            _ = try Discovery.applicants(root: tree.root)
            Issue.record("sub-folders of one applicant must not become applicants")
        } catch {
            #expect(error.code == .layout)
            #expect(error.message.contains("applicant.yml"), "\(error.message)")
        }
    }

    @Test func anEmptyRootIsAUsageError() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.dir("empty")
        try tree.file(".hidden/a.pdf", IngestFixtures.pdf)
        #expect(throws: IngestError.self) { _ = try Discovery.applicants(root: tree.root) }
    }

    @Test func legitimateLayoutsStillWork() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        // A batch where one applicant forgot applicant.yml and another put one in a sub-folder.
        try tree.applicant("AKS-1", files: ["a.pdf": IngestFixtures.pdf])
        try tree.applicant("AKS-2", manifest: nil, files: ["a.pdf": IngestFixtures.pdf])
        try tree.applicant("AKS-3", manifest: nil, files: ["sub/applicant.yml": Data(IngestFixtures.manifest().utf8)])
        #expect(try Discovery.applicants(root: tree.root).map(\.name) == ["AKS-1", "AKS-2", "AKS-3"])
        // One applicant's folder with files only at its top and no manifest: one applicant, manifest missing.
        let single = try TempTree()
        defer { single.remove() }
        try single.file("a.pdf", IngestFixtures.pdf)
        #expect(try Discovery.applicants(root: single.root).count == 1)
    }
}

/// A value shared with a thread, behind a lock.
final class LockedBox<T: Sendable>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
}
