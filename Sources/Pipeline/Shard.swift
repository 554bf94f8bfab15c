import Foundation
import Ingest
import StateStore

/// One part of a batch split across machines (`--shard K/N`): the applicants whose folder name hashes to
/// bucket K of N.
///
/// The partition is a jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash
/// Algorithm", 2014) of a fixed 64-bit key: the first eight bytes of the SHA-256 of the folder's readable name
/// (the name reports and the state store use). Nothing random or per-process goes in (Swift's `Hasher` is
/// seeded per process), so every machine and every run puts an applicant in the same shard. Growing N to N + 1
/// moves about one applicant in N + 1, all of them into the new shard; the others keep their shard, and so
/// their state and page cache.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// K, 1-based.
    public let index: Int
    /// N.
    public let count: Int

    /// The shard K of N; nil unless 1 ≤ K ≤ N.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 1, index <= count, count <= Int(Int32.max) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`; the error is one sentence in Chinese and English.
    public static func parse(_ text: String) -> Result<Shard, ShardError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            return .failure(ShardError("--shard 应写作 K/N，例如 3/8（第 3 份，共 8 份）(--shard must be K/N, e.g. 3/8): '\(text)'"))
        }
        guard let shard = Shard(index: k, count: n) else {
            return .failure(ShardError("--shard \(text)：须满足 1 ≤ K ≤ N (--shard needs 1 ≤ K ≤ N)"))
        }
        return .success(shard)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// The default state file name of this shard inside the output folder: `.prescreen-state-K-of-N.sqlite`.
    public var stateName: String { ".prescreen-state-\(index)-of-\(count).sqlite" }

    /// Whether the applicant folder named `folder` belongs to this shard.
    public func contains(folder: String) -> Bool {
        Self.bucket(of: folder, count: count) == index - 1
    }

    /// The applicants of `all` that belong to this shard, in their order.
    public func select(_ all: [ApplicantFolder]) -> [ApplicantFolder] {
        all.filter { contains(folder: $0.name) }
    }

    /// The 0-based bucket of a folder name among `count` buckets.
    public static func bucket(of folder: String, count: Int) -> Int {
        jump(key: key(folder), buckets: Int32(clamping: count))
    }

    /// The hash key of a folder name: the SHA-256 of its UTF-8 bytes, first eight bytes, big-endian.
    static func key(_ folder: String) -> UInt64 {
        let hex = Digest.sha256(Data(folder.utf8))
        return UInt64(hex.prefix(16), radix: 16) ?? 0
    }

    /// Jump consistent hash: the bucket in `0..<buckets` of `key`.
    ///
    /// It walks the buckets a key would jump to as the count grows (a 64-bit linear congruential step per
    /// jump, about ln(buckets) steps), and returns the last one below `buckets`.
    static func jump(key: UInt64, buckets: Int32) -> Int {
        var key = key
        var b: Int64 = -1
        var j: Int64 = 0
        while j < Int64(buckets) {
            b = j
            key = key &* 2_862_933_555_777_941_757 &+ 1
            j = Int64(Double(b + 1) * (Double(Int64(1) << 31) / Double((key >> 33) + 1)))
        }
        return Int(b)
    }
}

extension Shard {
    /// When this shard has no state yet in `output`, starts it from the state of an earlier split of the same
    /// output folder: shard K of another M (the nearest M, smaller first), else the one-machine state.
    ///
    /// Jump consistent hashing keeps an applicant in bucket K when N grows unless the new shards take it, so
    /// shard K of N finds most of its applicants' records and cached pages in shard K of M (all of them when
    /// M < N). A source another scan is running on (its lock is busy) is skipped. Returns the state file it
    /// copied, nil when there was nothing to copy or it is not needed; never overwrites an existing state.
    /// The caller holds this shard's lock.
    public func carryOverState(output: String) throws(StateError) -> String? {
        let target = URL(fileURLWithPath: output).appendingPathComponent(stateName).path
        guard !FileManager.default.fileExists(atPath: target) else { return nil }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        var others: [Int] = []
        for name in names where name.hasPrefix(".prescreen-state-\(index)-of-") && name.hasSuffix(".sqlite") {
            let m = name.dropFirst(".prescreen-state-\(index)-of-".count).dropLast(".sqlite".count)
            if let m = Int(m), m != count { others.append(m) }
        }
        others.sort { (abs($0 - count), $0) < (abs($1 - count), $1) }
        let candidates = others.map { ".prescreen-state-\(index)-of-\($0).sqlite" } + [ScanPolicy.defaultStateName]
        for name in candidates {
            let source = URL(fileURLWithPath: output).appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: source) else { continue }
            let lock: StateLock
            do {
                lock = try StateLock(statePath: source)
            } catch {
                continue
            }
            try withExtendedLifetime(lock) { () throws(StateError) in try StateStore.seed(target, from: source) }
            return source
        }
        return nil
    }
}

/// A `--shard` value that is not K/N with 1 ≤ K ≤ N.
public struct ShardError: Error, Sendable, CustomStringConvertible {
    /// The user-facing sentence.
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
