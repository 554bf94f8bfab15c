#if canImport(Glibc)
import Glibc
#endif
import PrescreenCore
import Testing

/// The checked system-call helper: failures are injected by a closure that sets errno, no signals needed.
struct SystemCallTests {
    @Test func retriesWhileTheCallIsInterrupted() throws {
        var calls = 0
        let result = try SystemCall.retrying("read") { () -> Int in
            calls += 1
            if calls < 4 {
                errno = EINTR
                return -1
            }
            return 42
        }
        #expect(result == 42)
        #expect(calls == 4)
    }

    @Test func namesTheCallAndErrnoOfAFailure() {
        var calls = 0
        #expect(throws: SystemCallError(call: "write", errno: ENOSPC)) {
            try SystemCall.retrying("write") { () -> Int32 in
                calls += 1
                errno = ENOSPC
                return -1
            }
        }
        // A failure other than EINTR is not retried.
        #expect(calls == 1)
        let error = SystemCallError(call: "write", errno: ENOSPC)
        #expect(error.description.hasPrefix("write: "))
        #expect(error.description.contains("(errno \(ENOSPC))"))
        #expect(error.reason == String(cString: strerror(ENOSPC)))
    }

    @Test func anInterruptionThenAFailureReportsTheFailure() {
        var errnos: [Int32] = [EINTR, EINTR, EIO]
        #expect(throws: SystemCallError(call: "waitpid", errno: EIO)) {
            try SystemCall.retrying("waitpid") { () -> Int32 in
                errno = errnos.removeFirst()
                return -1
            }
        }
        #expect(errnos.isEmpty)
    }

    @Test func zeroAndPositiveResultsAreSuccesses() throws {
        #expect(try SystemCall.retrying("poll") { () -> Int32 in 0 } == 0)
        #expect(try SystemCall.retrying("open") { () -> Int32 in 7 } == 7)
    }
}
