import Foundation
import PrescreenCore
import Testing
@testable import Pipeline

#if canImport(Glibc)
import Glibc
#endif

/// The frames between the scan and its worker children: what a failing channel reports.
struct WorkerProtocolTests {
    @Test func aFrameCrossesAPipe() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        try WorkerProtocol.writeFrame(fds[1], Data("页".utf8))
        close(fds[1])
        #expect(try WorkerProtocol.readFrame(fds[0]) == Data("页".utf8))
        // Then the writer is gone: closed, not a failure.
        #expect(throws: WorkerProtocol.FrameError.self) { try WorkerProtocol.readFrame(fds[0]) }
    }

    @Test func aSystemCallFailureNamesTheCallAndErrno() {
        // A descriptor that is not open: read and write fail with EBADF, which is reported as it is.
        do {
            _ = try WorkerProtocol.readFrame(-1)
            Issue.record("reading -1 must fail")
        } catch {
            guard case .failed(let cause) = error else { Issue.record("\(error)"); return }
            #expect(cause == SystemCallError(call: "read", errno: EBADF))
        }
        do {
            try WorkerProtocol.writeFrame(-1, Data([1]))
            Issue.record("writing -1 must fail")
        } catch {
            guard case .failed(let cause) = error else { Issue.record("\(error)"); return }
            #expect(cause == SystemCallError(call: "write", errno: EBADF))
        }
    }

    @Test func aReaderGoneIsClosedNotAFailure() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        // SIGPIPE is ignored, as the scan ignores it (WorkerProcess): writing then fails with EPIPE. Not restored:
        // other tests of this process may be running worker processes that rely on it.
        signal(SIGPIPE, SIG_IGN)
        do {
            try WorkerProtocol.writeFrame(fds[1], Data([1, 2, 3]))
            Issue.record("writing to a closed pipe must fail")
        } catch {
            guard case .closed = error else { Issue.record("\(error)"); return }
        }
    }
}
