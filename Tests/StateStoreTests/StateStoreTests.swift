import Foundation
import PrescreenCore
import StateStore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The state store: migrations, applicant records, removal, the page cache, the lock.
struct StateStoreTests {
    static func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "statestore-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func recordsRoundTripAndReplace() throws {
        // Given an empty store
        let store = try StateStore.inMemory()
        #expect(try store.applicant("A") == nil)
        // When a record is saved, then replaced
        try store.save(ApplicantRecord(folder: "A", digest: "d1", outcome: Data("one".utf8)))
        try store.save(ApplicantRecord(folder: "A", digest: "d2", outcome: Data("two".utf8)))
        // Then the latest one is read back
        let r = try #require(try store.applicant("A"))
        #expect(r.digest == "d2")
        #expect(r.outcome == Data("two".utf8))
        #expect(!r.removed)
        #expect(try store.applicants().count == 1)
    }

    @Test func foldersThatDisappearAreMarkedRemovedAndKept() throws {
        let store = try StateStore.inMemory()
        for f in ["A", "B", "C"] { try store.save(ApplicantRecord(folder: f, digest: f, outcome: Data())) }
        let gone = try store.markRemoved(keeping: ["A", "C"])
        #expect(gone.map(\.folder) == ["B"])
        #expect(try store.applicant("B")?.removed == true)
        #expect(try store.applicant("A")?.removed == false)
        // Still listed on the next run while still gone.
        #expect(try store.markRemoved(keeping: ["A", "C"]).map(\.folder) == ["B"])
    }

    @Test func pageCacheStoresByKeyAndPrunesUnused() throws {
        let store = try StateStore.inMemory()
        let run1 = try store.beginRun()
        try store.saveExtraction("k1", payload: Data("pages".utf8), run: run1)
        #expect(try store.extraction("k1", run: run1) == Data("pages".utf8))
        #expect(try store.extraction("k2", run: run1) == nil)
        var run = run1
        for _ in 0..<3 { run = try store.beginRun() }
        #expect(try store.pruneExtractions(olderThan: run, keepRuns: 5) == 0)
        #expect(try store.pruneExtractions(olderThan: run, keepRuns: 2) == 1)
        #expect(try store.extractionCount() == 0)
    }

    @Test func fileStatePersistsWithPrivateMode() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state.sqlite"
        do {
            let store = try StateStore(path: path)
            try store.save(ApplicantRecord(folder: "A", digest: "d", outcome: Data("x".utf8)))
        }
        let reopened = try StateStore(path: path)
        #expect(try reopened.applicant("A")?.digest == "d")
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o640)
    }

    @Test func garbageStateFileIsUnusableNotACrash() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state.sqlite"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try StateStore(path: path)
        } throws: { error in
            (error as? StateError)?.code == .unusable
        }
    }

    @Test func secondLockOnTheSameStateIsBusyUntilReleased() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state.sqlite"
        var first: StateLock? = try StateLock(statePath: path)
        #expect(first != nil)
        #expect {
            _ = try StateLock(statePath: path)
        } throws: { error in
            // Busy, and the cause kept: flock said the lock is held elsewhere.
            (error as? StateError)?.code == .busy
                && (error as? StateError)?.cause == SystemCallError(call: "flock", errno: EWOULDBLOCK)
        }
        first = nil
        let again = try StateLock(statePath: path)
        #expect(again.path == path + ".lock")
    }
}

/// Issue 20: the message names the real cause and the one thing to do.
struct StateMessageTests {
    @Test func aCorruptedStateSaysCorruptedAndToMoveItAside() throws {
        let dir = NSTemporaryDirectory() + "/prescreen-state-msg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state.sqlite"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        do {
            _ = try StateStore(path: path)
            Issue.record("garbage must not open")
        } catch {
            #expect(error.message.contains("corrupted"), "\(error.message)")
            #expect(error.message.contains("mv \(path)"), "\(error.message)")
        }
    }

    @Test func aStateInAMissingFolderSaysSo() throws {
        do {
            _ = try StateStore(path: "/nonexistent-prescreen-\(UUID().uuidString)/state.sqlite")
            Issue.record("must not open")
        } catch {
            #expect(error.message.contains("No such file"), "\(error.message)")
            #expect(error.message.contains("folder does not exist"), "\(error.message)")
        }
    }
}
