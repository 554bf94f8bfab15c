#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call that failed: which call, and the errno it left.
///
/// Module errors (`IngestError`, `ReportError`, `StateError`, the worker protocol's errors) keep one of these as
/// their cause, so a message says "cannot read the attachment" for a person and the cause still says `read`
/// and `EIO` for an engineer. It carries no path, name or page text: the caller's message says what was touched.
public struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The C function that failed, as it is spelled in C (`read`, `flock`, `waitpid`).
    public let call: String
    /// The errno the call left (`EIO`, `ENOSPC`, …).
    public let errno: Int32

    /// A failure of `call` with `errno`.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// The system's text for the errno (`strerror`), e.g. "No space left on device".
    public var reason: String { String(cString: strerror(errno)) }

    /// `call: reason (errno N)`, for logs and the cause line of an error.
    public var description: String { "\(call): \(reason) (errno \(errno))" }
}

/// Runs POSIX calls the way every one of them must be run: retry on `EINTR`, throw the rest as a
/// ``SystemCallError`` naming the call.
///
/// The habit is swift-nio's `System.swift`: one place where the result of a system call is checked, so no caller
/// forgets `EINTR` (a signal arriving during `read`, `write`, `poll`, `waitpid` or `flock` is not a failure) or
/// loses errno by calling something else before reading it.
///
/// Why not swift-system's `Errno` (apple/swift-system 1.8.1 is on the machine): the callers switch on a handful of
/// errno constants (`EPIPE`, `EWOULDBLOCK`, `ENOENT`, `ENOSPC`) that Glibc already gives as `Int32`, and a typed
/// errno would add a package to resolve, build and keep in step on every machine for no check the compiler does
/// not already make. ``SystemCallError`` is the small part of it we use: the call's name and the number.
public enum SystemCall {
    /// Calls `body` until it does not fail with `EINTR`, and returns its result.
    ///
    /// `body` is one system call returning the C convention: a negative value (normally -1) with errno set on
    /// failure, anything else on success (a count, a descriptor, 0). `name` is the C function's name, for the
    /// error. Throws when the call fails with any errno other than `EINTR`.
    @discardableResult
    public static func retrying<Result: BinaryInteger>(
        _ name: String, _ body: () -> Result
    ) throws(SystemCallError) -> Result {
        while true {
            let result = body()
            if result >= 0 { return result }
            let err = currentErrno()
            if err == EINTR { continue }
            throw SystemCallError(call: name, errno: err)
        }
    }

    /// Reads errno; a function so that no other call can run between the failed call and the read.
    @inline(__always)
    private static func currentErrno() -> Int32 {
        #if canImport(Glibc)
        return Glibc.errno
        #else
        return Darwin.errno
        #endif
    }
}
