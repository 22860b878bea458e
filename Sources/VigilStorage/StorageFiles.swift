#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files a store consists of, for size accounting.
enum StorageFiles {
    static let names = ["vigil.db", "vigil.db-wal", "vigil.db-shm", "head.db", "head.db-wal", "head.db-shm"]

    /// Bytes of all store files in `directory` (apparent sizes).
    static func bytes(in directory: String) -> Int64 {
        names.reduce(0) { $0 + size(of: directory + "/" + $1) }
    }

    /// The apparent size of a file, 0 when it does not exist.
    static func size(of path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}
