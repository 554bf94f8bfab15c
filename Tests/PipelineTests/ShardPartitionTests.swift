import Pipeline
import Testing

/// `--shard K/N`: the partition of applicant folders is fixed (the same on every machine and run), balanced,
/// and consistent (growing N moves only what the new shard takes).
struct ShardPartitionTests {
    /// Pinned buckets (0-based) for N = 1, 2, 3, 8, 9, 100. Computed once by an independent implementation
    /// (Python: hashlib SHA-256, the paper's jump loop); a change here re-shuffles every deployed batch.
    @Test(arguments: [
        ("AKS-0001", [0, 0, 0, 0, 0, 69]), ("AKS-0002", [0, 0, 2, 2, 2, 82]), ("张伟", [0, 1, 1, 5, 5, 74]),
        ("S01", [0, 1, 2, 4, 4, 41]), ("S10", [0, 0, 2, 5, 5, 91]),
    ])
    func bucketsAreFixedAcrossRunsAndMachines(_ folder: String, _ expected: [Int]) {
        #expect([1, 2, 3, 8, 9, 100].map { Shard.bucket(of: folder, count: $0) } == expected)
    }

    static let names = (1...1000).map { "AKS-" + String(10000 + $0).dropFirst() }

    @Test func shardsAreBalanced() {
        for n in [2, 3, 8, 16] {
            var sizes = Array(repeating: 0, count: n)
            for name in Self.names { sizes[Shard.bucket(of: name, count: n)] += 1 }
            let mean = Self.names.count / n
            // Within three standard deviations of a fair split (binomial: about the square root of the mean).
            let spread = Int(3 * Double(mean).squareRoot())
            #expect(sizes.allSatisfy { abs($0 - mean) <= spread }, "N = \(n): \(sizes)")
        }
    }

    @Test func growingNMovesOnlyWhatTheNewShardTakes() {
        let moved = Self.names.filter { Shard.bucket(of: $0, count: 8) != Shard.bucket(of: $0, count: 9) }
        #expect(moved.allSatisfy { Shard.bucket(of: $0, count: 9) == 8 })
        // About one in nine (111 of 1000).
        #expect((80...145).contains(moved.count), "\(moved.count) moved")
    }

    @Test func everyFolderIsInExactlyOneShard() throws {
        for n in 1...5 {
            let shards = try (1...n).map { try Shard.parse("\($0)/\(n)").get() }
            for name in Self.names.prefix(50) {
                #expect(shards.filter { $0.contains(folder: name) }.count == 1)
            }
        }
    }

    @Test func parsing() throws {
        let s = try Shard.parse("3/8").get()
        #expect(s.index == 3 && s.count == 8 && s.description == "3/8")
        #expect(s.stateName == ".prescreen-state-3-of-8.sqlite")
        for bad in ["0/8", "9/8", "1/0", "8", "a/8", "1/2/3", "", "/", " 1/2"] {
            guard case .failure(let e) = Shard.parse(bad) else {
                Issue.record("\(bad) was accepted")
                continue
            }
            #expect(e.message.contains("--shard"))
        }
    }
}
