import Foundation
import Logging
import VigilModel

@testable import VigilStorage

/// A temporary directory removed when the test is done with it.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init() {
        let template = NSTemporaryDirectory() + "vigil-storage-test-XXXXXX"
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "cannot create a temporary directory")
        path = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Small helpers shared by the storage tests.
enum TestStore {
    static var quietLogger: Logger {
        var logger = Logger(label: "vigil.storage.test")
        logger.logLevel = .critical
        return logger
    }

    static func open(_ directory: TemporaryDirectory, options: StorageOptions = StorageOptions()) throws(StorageError) -> Storage {
        try Storage.open(directory: directory.path, options: options, logger: quietLogger)
    }

    /// Every sample of every series matching `matchers`, by series text.
    static func read(_ storage: Storage, _ matchers: [LabelMatcher] = [try! LabelMatcher(.regexMatch, "__name__", ".+")],
                     mint: Timestamp = .min, maxt: Timestamp = .max) throws -> [String: [Sample]] {
        let querier = try storage.querier()
        var out: [String: [Sample]] = [:]
        for series in try querier.select(matchers, mint: mint, maxt: maxt) {
            out[series.labels.description] = try series.samples()
        }
        return out
    }
}
