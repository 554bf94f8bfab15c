import DocumentKit
import Foundation
import Testing
import TestSupport

/// The prescreen-gen binary next to the test runner, when the build produced it.
private func generatorBinary() -> URL? {
    let dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
    for candidate in [dir, dir.deletingLastPathComponent()] {
        let url = candidate.appendingPathComponent("prescreen-gen")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
}

private func run(_ exe: URL, _ args: [String]) throws -> Int32 {
    let p = Process()
    p.executableURL = exe
    p.arguments = args
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
}

/// Every file under `root` (relative paths, names decoded lossily as the tool reports them), read with
/// readdir because Foundation's enumerator skips names that are not valid UTF-8.
private func listFiles(_ root: URL) -> Set<String> {
    var out = Set<String>()
    func walk(_ dirBytes: [UInt8], _ rel: [UInt8]) {
        guard let d = opendir(dirBytes.map { CChar(bitPattern: $0) } + [0]) else { return }
        defer { closedir(d) }
        while let entry = readdir(d) {
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [46] || name == [46, 46] { continue }
            let full = dirBytes + [47] + name
            let relPath = rel.isEmpty ? name : rel + [47] + name
            if entry.pointee.d_type == UInt8(DT_DIR) { walk(full, relPath) } else { out.insert(String(decoding: relPath, as: UTF8.self)) }
        }
    }
    walk(Array(root.path.utf8), [])
    return out
}

private func pageCount(_ url: URL) -> Int {
    guard let data = FileManager.default.contents(atPath: url.path), !data.isEmpty else { return 0 }
    if data.starts(with: Data("%PDF".utf8)) {
        let text = DocumentFixtures.pdfText(data) ?? ""
        return max(1, text.components(separatedBy: "\u{0C}").count - 1)
    }
    if data.starts(with: [0x49, 0x49, 0x2A, 0x00]) || data.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
        return Imaging.tiffPageCount(data)
    }
    return 1
}

@Test(.enabled(if: generatorBinary() != nil, "prescreen-gen is not built"))
func corpusTruthMatchesTheFilesOnDisk() throws {
    let exe = try #require(generatorBinary())
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString)")
    let again = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString)")
    defer {
        try? FileManager.default.removeItem(at: root)
        try? FileManager.default.removeItem(at: again)
    }
    // Applicant i depends only on the seed and i, so a shorter run must repeat the first folders byte for byte.
    #expect(try run(exe, ["corpus", "--out", root.path, "--seed", "5", "--size", "3", "--no-faces"]) == 0)
    #expect(try run(exe, ["corpus", "--out", again.path, "--seed", "5", "--size", "1", "--no-faces"]) == 0)
    let truthData = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("truth.json").path))
    let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: Any])
    let applicants = try #require(truth["applicants"] as? [[String: Any]])
    #expect(applicants.count == 3)
    for a in applicants {
        let folder = try #require(a["folder"] as? String)
        let dir = root.appendingPathComponent(folder)
        let files = listFiles(dir)
        let docs = try #require(a["documents"] as? [[String: Any]])
        var pages: [String: Int] = [:]
        for d in docs {
            let path = try #require(d["path"] as? String)
            #expect(files.contains(path), "\(folder)/\(path) is missing")
            // Paths with a replacement character cannot be opened by their lossy name.
            if files.contains(path), !path.contains("\u{FFFD}") {
                pages[path] = pageCount(dir.appendingPathComponent(path))
                if folder == "AKS-0001" {
                    let first = FileManager.default.contents(atPath: dir.appendingPathComponent(path).path)
                    let second = FileManager.default.contents(atPath: again.appendingPathComponent(folder).appendingPathComponent(path).path)
                    #expect(first != nil && first == second, "\(folder)/\(path) differs between runs")
                }
            }
        }
        // Every attachment on disk is in the truth.
        #expect(files.subtracting(["applicant.yml"]).count == docs.count)
        for f in try #require(a["findings"] as? [[String: Any]]) {
            guard let doc = f["document"] as? String else { continue }
            #expect(pages[doc] != nil || files.contains(doc), "finding on unknown document")
            if let page = f["page"] as? Int, let n = pages[doc], n > 0 {
                #expect(page >= 1 && page <= n, "\(folder)/\(doc) page \(page) of \(n)")
            }
        }
    }
}
