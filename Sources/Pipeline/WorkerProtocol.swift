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
        /// A length over ``maxFrame``.
        case broken(String)
        /// A system call on the channel failed (its name and errno).
        case failed(SystemCallError)
    }

    /// Writes one frame, retrying short writes (and EINTR, through ``SystemCall``).
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
            let n: Int
            do {
                n = try SystemCall.retrying("write") {
                    data.withUnsafeBytes { buf in write(fd, buf.baseAddress.map { $0 + offset }, buf.count - offset) }
                }
            } catch {
                if error.errno == EPIPE { throw .closed }
                throw .failed(error)
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
            let n: Int
            do {
                n = try SystemCall.retrying("read") { buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) } }
            } catch {
                throw .failed(error)
            }
            if n == 0 { throw .closed }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    /// Blocks until `fd` is readable (or closed), or the deadline passes.
    private static func waitReadable(_ fd: Int32, until deadline: ContinuousClock.Instant) throws(FrameError) {
        while true {
            guard deadline > ContinuousClock.now else { throw .timedOut }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            // An interrupted poll is retried with the time left then (0 once it has passed: poll returns at once).
            let rc: Int32
            do {
                rc = try SystemCall.retrying("poll") { poll(&p, 1, milliseconds(until: deadline)) }
            } catch {
                throw .failed(error)
            }
            if rc > 0 { return }
        }
    }

    /// The time left until `deadline` in whole milliseconds rounded up, at most a minute, 0 when it has passed.
    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let left = deadline - ContinuousClock.now
        guard left > .zero else { return 0 }
        let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
        return Int32(min(60_000, ms))
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
