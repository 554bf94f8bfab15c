#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PrescreenCore

/// Reads attachments by their raw path bytes, with a size limit checked before reading.
public enum FileReader {
    /// The whole file, or `.tooLarge` when it is over `maxBytes`, or `.readFailed`.
    ///
    /// Opens with `O_NOFOLLOW`: discovery already resolved allowed links to their targets, so a link
    /// that appears later (a swapped file) is refused instead of followed out of ROOT.
    public static func read(_ attachment: Attachment, maxBytes: Int) throws(IngestError) -> Data {
        try read(path: attachment.rawPath, maxBytes: maxBytes, what: "attachment")
    }

    /// The whole file at `path`, refusing links, non-regular files and files over `maxBytes`.
    static func read(path: [UInt8], maxBytes: Int, what: String) throws(IngestError) -> Data {
        let fd = try openFile(path: path, what: what)
        defer { close(fd) }
        var st = stat()
        do {
            try SystemCall.retrying("fstat") { fstat(fd, &st) }
        } catch {
            throw IngestError(code: .readFailed, message: "cannot examine the \(what): \(error.reason)", cause: error)
        }
        guard st.st_size <= maxBytes else {
            throw IngestError(code: .tooLarge,
                              message: "the \(what) has \(st.st_size) bytes, over the limit of \(maxBytes)")
        }
        // Read one byte past the limit: a file that grew since fstat must still be refused.
        let data = try readLoop(fd: fd, limit: maxBytes + 1, what: what)
        guard data.count <= maxBytes else {
            throw IngestError(code: .tooLarge, message: "the \(what) grew over the limit of \(maxBytes) bytes while read")
        }
        return data
    }

    /// Opens without following a link and without blocking, and refuses anything but a regular file before
    /// a single byte is read: a FIFO swapped in after discovery must not hang the scan.
    private static func openFile(path: [UInt8], what: String) throws(IngestError) -> Int32 {
        let fd: Int32
        do {
            fd = try SystemCall.retrying("open") { RawFS.openNoFollow(path) }
        } catch {
            let hint = error.errno == ELOOP ? " (it is a symbolic link)" : ""
            throw IngestError(code: .readFailed, message: "cannot open the \(what)\(hint): \(error.reason)", cause: error)
        }
        var st = stat()
        do {
            try SystemCall.retrying("fstat") { fstat(fd, &st) }
        } catch {
            close(fd)
            throw IngestError(code: .readFailed, message: "cannot examine the \(what): \(error.reason)", cause: error)
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw IngestError(code: .notAFile, message: "the \(what) is not a regular file (a FIFO, device or folder)")
        }
        return fd
    }

    private static func readLoop(fd: Int32, limit: Int, what: String) throws(IngestError) -> Data {
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while out.count < limit {
            let want = min(buffer.count, limit - out.count)
            let n: Int
            do {
                n = try SystemCall.retrying("read") { buffer.withUnsafeMutableBytes { RawFS.readSome(fd, $0.baseAddress, want) } }
            } catch {
                throw IngestError(code: .readFailed, message: "cannot read the \(what): \(error.reason)", cause: error)
            }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }
}
