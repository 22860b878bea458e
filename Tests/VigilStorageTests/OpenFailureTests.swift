import CSQLite
import Foundation
import Testing
import VigilModel

@testable import VigilStorage

@Suite struct OpenFailureTests {
    /// Creates a SQLite file at `path` with `sql` run in it.
    static func sqliteFile(_ path: String, _ sql: String) throws {
        let connection = try SQLiteConnection(path: path, create: true)
        try connection.execute(sql)
    }

    static func contents(_ path: String) -> Data? {
        FileManager.default.contents(atPath: path)
    }

    @Test(arguments: [
        ("garbage", StorageError.Kind.corrupt, "is not a SQLite database or is damaged"),
        ("foreign", .foreign, "is not a Vigil vigil.db (it has tables accounts)"),
        ("otherApplication", .foreign, "is not a Vigil vigil.db (it has application id 0x1234)"),
        ("newerSchema", .schemaVersion, "has schema version 99, newer than this build understands"),
        ("missingTables", .corrupt, "lacks the tables"),
    ])
    func refusesWithoutTouchingTheFile(_ setup: String, _ kind: StorageError.Kind, _ message: String) throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/vigil.db"
        switch setup {
        case "garbage":
            var random = SeededRandom(seed: 1)
            let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        case "foreign":
            try Self.sqliteFile(path, "CREATE TABLE accounts(id INTEGER PRIMARY KEY, owner TEXT)")
        case "otherApplication":
            try Self.sqliteFile(path, "PRAGMA application_id = 4660; CREATE TABLE t(x)")
        case "newerSchema":
            try Self.sqliteFile(path, "PRAGMA application_id = \(Schema.mainApplicationID); PRAGMA user_version = 99; CREATE TABLE t(x)")
        default:
            try Self.sqliteFile(path, "PRAGMA application_id = \(Schema.mainApplicationID); PRAGMA user_version = \(Schema.version); CREATE TABLE meta(k)")
        }
        let before = Self.contents(path)
        do {
            _ = try TestStore.open(directory)
            Issue.record("opening \(setup) succeeded")
        } catch {
            #expect(error.kind == kind)
            #expect(error.message.contains(message), "\(error)")
        }
        #expect(Self.contents(path) == before)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/head.db"))
    }

    @Test(arguments: [
        ("UPDATE label_pairs SET id = 1000 WHERE id = 2", "table label_pairs is damaged"),
        ("UPDATE label_pairs SET value = '' WHERE id = 1", "table label_pairs is damaged"),
        ("UPDATE series SET labels = X'0201' WHERE id = 1", "series 1 has unreadable labels"),
        ("UPDATE series SET labels = X'0109' WHERE id = 1", "series 1 has unreadable labels"),
        ("UPDATE series SET labels = X'FF' WHERE id = 1", "series 1 has unreadable labels"),
    ])
    func damagedLabelsAreRefusedWithoutTouchingTheFile(_ damage: String, _ message: String) async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory)
        _ = try await storage.append(AppendBatch([.init(["__name__": "x", "job": "a"], t: 1, v: 1)]))
        try await storage.close()
        let path = directory.path + "/vigil.db"
        let connection = try SQLiteConnection(path: path, create: false)
        try connection.execute(damage)
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let before = Self.contents(path)
        do {
            _ = try TestStore.open(directory)
            Issue.record("opening after \(damage) succeeded")
        } catch {
            #expect(error.kind == .corrupt)
            #expect(error.message.contains(message), "\(error)")
        }
        #expect(Self.contents(path) == before)
    }

    @Test func anEmptyFileBecomesAStore() async throws {
        let directory = TemporaryDirectory()
        #expect(FileManager.default.createFile(atPath: directory.path + "/vigil.db", contents: Data()))
        let storage = try TestStore.open(directory)
        _ = try await storage.append(AppendBatch([.init(["__name__": "x"], t: 1, v: 1)]))
        try await storage.close()
    }

    @Test func aSecondOpenOfTheDirectoryIsRefused() async throws {
        let directory = TemporaryDirectory()
        let storage = try TestStore.open(directory)
        #expect(throws: StorageError.self) { _ = try TestStore.open(directory) }
        do {
            _ = try TestStore.open(directory)
        } catch {
            #expect(error.kind == .locked)
            #expect(error.message.contains("\(getpid())"))
        }
        try await storage.close()
        let again = try TestStore.open(directory)
        try await again.close()
    }

    @Test func aHeadLogOfAnotherStoreIsRefused() async throws {
        let first = TemporaryDirectory()
        let second = TemporaryDirectory()
        for directory in [first, second] {
            let storage = try TestStore.open(directory)
            _ = try await storage.append(AppendBatch([.init(["__name__": "x"], t: 1, v: 1)]))
            try await storage.close()
        }
        let headPath = second.path + "/head.db"
        try FileManager.default.removeItem(atPath: headPath)
        try FileManager.default.copyItem(atPath: first.path + "/head.db", toPath: headPath)
        do {
            _ = try TestStore.open(second)
            Issue.record("a foreign head.db was accepted")
        } catch {
            #expect(error.kind == .foreign)
            #expect(error.message.contains("belongs to another store"))
        }
        // Without head.db the store opens with what vigil.db holds.
        try FileManager.default.removeItem(atPath: headPath)
        let storage = try TestStore.open(second)
        #expect(try TestStore.read(storage).count == 1)
        try await storage.close()
    }

    @Test func aBackupIsAStoreByItself() async throws {
        let directory = TemporaryDirectory()
        let copy = TemporaryDirectory()
        let storage = try TestStore.open(directory)
        _ = try await storage.append(AppendBatch((0..<100).map { .init(["__name__": "x"], t: Timestamp($0), v: Double($0)) }))
        try await storage.backup(to: copy.path + "/vigil.db")
        let expected = try TestStore.read(storage)
        try await storage.close()
        let restored = try TestStore.open(copy)
        #expect(try TestStore.read(restored) == expected)
        try await restored.close()
    }
}
