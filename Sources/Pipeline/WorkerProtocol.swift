#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PipelineConfig
import PrescreenCore

/// The messages between the scan and its `_worker` child processes, over the child's stdin and stdout.
///
/// Every message is a frame: an 8-byte little-endian length, then that many bytes. A job is a JSON
/// ``WorkerJob`` header frame, followed by a frame with the attachment's bytes when the header says so (the
/// first page of an attachment this child does not hold); the answer is one frame, a JSON ``PageReply``. Nothing but frames is ever written to the channel: the child moves its own
/// stdout to /dev/null before it loads any engine.
enum WorkerProtocol {
    /// The hidden subcommand that serves jobs (`prescreen _worker`).
    static let subcommand = "_worker"

    /// Largest frame either side accepts: an attachment is at most `max_file_bytes`, an answer holds page
    /// texts and boxes (a few MB); anything bigger is a broken peer.
    static let maxFrame: UInt64 = 4 << 30

    /// Why a frame could not be moved.
    enum FrameError: Error {
        /// The peer closed the channel (a child that died, a parent that went away).
        case closed
        /// The deadline passed first.
        case timedOut
        /// A length over ``maxFrame``, or a system call failure.
        case broken(String)
    }

    /// Writes one frame, retrying short writes and EINTR.
    static func writeFrame(_ fd: Int32, _ payload: Data) throws(FrameError) {
        var length = UInt64(payload.count).littleEndian
        let header = withUnsafeBytes(of: &length) { Data($0) }
        try writeAll(fd, header)
        try writeAll(fd, payload)
    }

    /// Reads one frame; with a deadline, gives up with `timedOut` when it passes.
    static func readFrame(_ fd: Int32, deadline: ContinuousClock.Instant? = nil) throws(FrameError) -> Data {
        let header = try readExactly(fd, 8, deadline: deadline)
        let length = header.withUnsafeBytes { raw in
            raw.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        guard length <= maxFrame else { throw .broken("frame of \(length) bytes") }
        return try readExactly(fd, Int(length), deadline: deadline)
    }

    private static func writeAll(_ fd: Int32, _ data: Data) throws(FrameError) {
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { buf in write(fd, buf.baseAddress.map { $0 + offset }, buf.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw .closed }
                throw .broken("write: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    private static func readExactly(_ fd: Int32, _ count: Int, deadline: ContinuousClock.Instant?) throws(FrameError) -> Data {
        var out = Data(capacity: min(count, 1 << 20))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while out.count < count {
            if let deadline { try waitReadable(fd, until: deadline) }
            let want = min(buffer.count, count - out.count)
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .broken("read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw .closed }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    /// Blocks until `fd` is readable (or closed), or the deadline passes.
    private static func waitReadable(_ fd: Int32, until deadline: ContinuousClock.Instant) throws(FrameError) {
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw .timedOut }
            let ms = min(Int32(60_000), Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000) + 1)
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let rc = poll(&p, 1, ms)
            if rc > 0 { return }
            if rc < 0 && errno != EINTR { throw .broken("poll: \(String(cString: strerror(errno)))") }
        }
    }
}

/// The header of one job: which page of which attachment, whether its bytes follow, and the limits to apply.
struct WorkerJob: Codable, Sendable {
    /// The attachment's key (``PageRequest/key``).
    var key: String
    var format: FileFormat
    /// The page, from 1.
    var page: Int
    /// Whether a frame with the attachment's bytes follows this header.
    var bytesFollow: Bool
    var settings: PipelineDefinition.Extraction
    var limits: PipelineDefinition.Limits
    /// Set for an evidence job: the pictures to make from the attachment, whose bytes always follow (the
    /// answer is a JSON ``EvidenceReply``; the attachment held for pages stays held). `page` is then unused.
    var evidence: [EvidenceMaker.Item]? = nil
}
