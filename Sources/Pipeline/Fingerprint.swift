#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Ingest
import PipelineConfig
import PrescreenCore

/// The identity of one applicant's submission for incremental scans: a digest that changes when the
/// manifest, any attachment's content (SHA-256), the set of files, the pipeline or the tool version does.
struct Fingerprint {
    let digest: String

    /// Reads and hashes everything; a file that cannot be read or is over the size limit counts by its
    /// size and error, so it is bounded and still changes the digest when it changes.
    init(folder: ApplicantFolder, attachments: [Attachment], skipped: [SkippedEntry], pipelineDigest: String,
         maxFileBytes: Int, root: String? = nil) {
        var text = "prescreen-fingerprint 1\ntool \(ToolInfo.version)\npipeline \(pipelineDigest)\n"
        text += "manifest \(Self.manifestHash(folder, root: root))\n"
        for a in attachments {
            let hash: String
            do {
                hash = Digest.sha256(try FileReader.read(a, maxBytes: maxFileBytes))
            } catch {
                hash = "unread:\(error.code.rawValue):\(a.size)"
            }
            text += "file \(Self.quote(a.relativePath)) \(hash)\n"
        }
        for s in skipped { text += "skipped \(Self.quote(s.relativePath)) \(Self.quote(s.reason))\n" }
        digest = Digest.sha256(Data(text.utf8))
    }

    /// A path with newlines and backslashes escaped, so two different file lists never hash alike.
    static func quote(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// SHA-256 of `applicant.yml`'s bytes, or a marker when it is absent or refused; read as the loader reads
    /// it (type checked first, non-blocking, links only inside `root`), so a FIFO cannot hang the digest.
    static func manifestHash(_ folder: ApplicantFolder, root: String? = nil) -> String {
        switch ManifestLoader.bytes(folder: folder, root: root) {
        case .missing: return "absent"
        case .failed(let why): return "refused:" + Digest.sha256(Data(why.utf8))
        case .read(let data): return Digest.sha256(data)
        }
    }

    /// SHA-256 of the whole pipeline definition (every key, sorted), so any change to it re-checks all.
    static func pipelineDigest(_ p: PipelineDefinition) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Digest.sha256((try? encoder.encode(p)) ?? Data("\(p)".utf8))
    }

    /// SHA-256 of what extraction depends on (settings, limits, tool version): the page-cache namespace.
    /// A rule or requirement change re-checks applicants but re-uses their pages.
    static func extractionDigest(_ p: PipelineDefinition) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let settings = (try? encoder.encode(p.extraction)) ?? Data()
        let limits = (try? encoder.encode(p.limits)) ?? Data()
        return Digest.sha256(Data("\(ToolInfo.version)\n".utf8) + settings + limits)
    }
}
