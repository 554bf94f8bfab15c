#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import PrescreenCore

/// Why the state store cannot be used. `busy` is another scan holding the lock (exit 2, cron overlap); every
/// other code is a run failure (exit 3).
public struct StateError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// Another `prescreen scan` holds the state's lock.
        case busy
        /// The file cannot be created, opened, migrated, read or written.
        case unusable
    }

    public let code: Code
    /// One sentence naming the state file and what to do; never applicant data.
    public let message: String
    /// The system call that failed underneath, when one did (its name and errno, for an engineer).
    public let cause: SystemCallError?

    /// An error with a code, a message and, when a system call failed, that failure.
    public init(_ code: Code, _ message: String, cause: SystemCallError? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}

/// What the last completed check of one applicant left behind.
///
/// Written only after the applicant's reports were renamed into place, so a record with the current digest
/// means a complete report exists.
public struct ApplicantRecord: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "applicant"

    /// The applicant's folder name (also its directory under the output folder).
    public var folder: String
    /// SHA-256 over the manifest, every attachment's path and content hash, the pipeline and the tool version.
    public var digest: String
    /// Whether the folder was missing in the latest scan (its reports are kept).
    public var removed: Bool
    /// The caller's summary of the outcome (opaque here: the pipeline's own Codable value).
    public var outcome: Data

    /// A record.
    public init(folder: String, digest: String, removed: Bool = false, outcome: Data) {
        self.folder = folder
        self.digest = digest
        self.removed = removed
        self.outcome = outcome
    }
}

/// The incremental-scan state: one SQLite file (`--state`), schema by named migrations.
///
/// Two tables: `applicant` (folder -> digest and outcome) and `extraction` (attachment content hash +
/// extraction-settings digest -> its extracted pages), so an unchanged attachment is never parsed or OCRed
/// again, even when a sibling changed. GRDB's `DatabaseQueue` serialises every access: one writer.
public struct StateStore: Sendable {
    let queue: DatabaseQueue

    /// Mode of a created state file: it caches page text, which quotes personal data.
    public static let fileMode: mode_t = 0o640

    /// Opens (creating when missing) the state file at `path` and brings its schema up to date.
    public init(path: String) throws(StateError) {
        // Create the file ourselves so it gets 0640 before SQLite writes any data into it; SQLite gives its
        // -wal and -shm files the main file's permissions.
        let fd: Int32
        do {
            fd = try SystemCall.retrying("open") { open(path, O_RDWR | O_CREAT | O_CLOEXEC, Self.fileMode) }
        } catch {
            throw StateError(.unusable, "cannot open or create the state file \(path): \(error.reason)"
                + StateAdvice.forErrno(error.errno, path: path), cause: error)
        }
        close(fd)
        var config = Configuration()
        // WAL keeps every committed transaction through a kill -9 of the writer; NORMAL sync is enough for
        // process crashes (only a power cut could lose the last transactions, which are then redone).
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        config.busyMode = .timeout(10)
        do {
            let q = try DatabaseQueue(path: path, configuration: config)
            try q.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
            try Self.migrator.migrate(q)
            queue = q
        } catch {
            throw StateError(.unusable, "the state file \(path) cannot be used (\(Self.describe(error)))"
                + (StateAdvice.forDatabase(error, path: path)
                    ?? "; move it aside to start a fresh state, or pass --state elsewhere"))
        }
    }

    /// A state store in memory, for tests.
    public static func inMemory() throws(StateError) -> StateStore {
        do {
            let q = try DatabaseQueue()
            try migrator.migrate(q)
            return StateStore(queue: q)
        } catch {
            throw StateError(.unusable, "cannot open an in-memory state (\(describe(error)))")
        }
    }

    private init(queue: DatabaseQueue) {
        self.queue = queue
    }

    /// The schema, one named migration per change; never edit a migration that has shipped.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: applicants") { db in
            try db.create(table: "applicant") { t in
                t.primaryKey("folder", .text)
                t.column("digest", .text).notNull()
                t.column("removed", .boolean).notNull().defaults(to: false)
                t.column("outcome", .blob).notNull()
            }
        }
        m.registerMigration("v1: extraction cache") { db in
            try db.create(table: "extraction") { t in
                t.primaryKey("key", .text)
                t.column("payload", .blob).notNull()
                // The run that last used the entry, so old entries can be pruned.
                t.column("lastUsed", .integer).notNull()
            }
        }
        m.registerMigration("v1: runs") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("startedAt", .double).notNull()
            }
        }
        return m
    }

    // MARK: - Applicants

    /// The record of `folder`, or nil when it was never completed.
    public func applicant(_ folder: String) throws(StateError) -> ApplicantRecord? {
        try read { db in try ApplicantRecord.fetchOne(db, key: folder) }
    }

    /// Every applicant record, sorted by folder.
    public func applicants() throws(StateError) -> [ApplicantRecord] {
        try read { db in try ApplicantRecord.order(Column("folder")).fetchAll(db) }
    }

    /// Stores (or replaces) an applicant's record.
    public func save(_ record: ApplicantRecord) throws(StateError) {
        try write { db in try record.save(db) }
    }

    /// Marks every applicant not in `present` as removed and returns the removed records (sorted by folder).
    public func markRemoved(keeping present: Set<String>) throws(StateError) -> [ApplicantRecord] {
        try write { db in
            var out: [ApplicantRecord] = []
            for var r in try ApplicantRecord.order(Column("folder")).fetchAll(db) where !present.contains(r.folder) {
                if !r.removed {
                    r.removed = true
                    try r.update(db)
                }
                out.append(r)
            }
            return out
        }
    }

    // MARK: - Extraction cache

    /// Starts a run and returns its number (stamps the cache entries it uses).
    public func beginRun() throws(StateError) -> Int64 {
        try write { db in
            try db.execute(sql: "INSERT INTO run (startedAt) VALUES (?)", arguments: [Date().timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    /// The cached extraction under `key`, stamped as used by `run`; nil when absent.
    public func extraction(_ key: String, run: Int64) throws(StateError) -> Data? {
        try write { db in
            guard let payload = try Data.fetchOne(db, sql: "SELECT payload FROM extraction WHERE key = ?", arguments: [key])
            else { return nil }
            try db.execute(sql: "UPDATE extraction SET lastUsed = ? WHERE key = ?", arguments: [run, key])
            return payload
        }
    }

    /// Caches an extraction under `key`.
    public func saveExtraction(_ key: String, payload: Data, run: Int64) throws(StateError) {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO extraction (key, payload, lastUsed) VALUES (?, ?, ?)",
                           arguments: [key, payload, run])
        }
    }

    /// Drops cache entries not used in the last `keepRuns` runs; returns how many went.
    @discardableResult
    public func pruneExtractions(olderThan run: Int64, keepRuns: Int64) throws(StateError) -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM extraction WHERE lastUsed <= ?", arguments: [run - keepRuns])
            return db.changesCount
        }
    }

    /// The number of cached extractions.
    public func extractionCount() throws(StateError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM extraction") ?? 0 }
    }

    // MARK: - Access

    private func read<T>(_ body: (Database) throws -> T) throws(StateError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw StateError(.unusable, "cannot read the state (\(Self.describe(error)))"
                + (StateAdvice.forDatabase(error, path: nil) ?? ""))
        }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StateError) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw StateError(.unusable, "cannot write the state (\(Self.describe(error)))"
                + (StateAdvice.forDatabase(error, path: nil) ?? "; check the disk"))
        }
    }

    /// A database error without its SQL arguments (GRDB leaves them out unless asked; we never ask).
    static func describe(_ error: any Error) -> String {
        if let e = error as? DatabaseError { return "SQLite error \(e.resultCode.rawValue): \(e.message ?? "")" }
        return "\(type(of: error))"
    }
}
