#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory, so a parser reads it without copying. Pages
/// already parsed can be dropped from memory (`release(before:)`): a many-GiB import then
/// keeps only a little of the file resident.
// `@unchecked Sendable`: the mapping is read-only; `release` is called from the one thread
// running the import.
final class MappedFile: @unchecked Sendable {
    let path: String
    let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?
    private var released = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(path: String) throws(StorageError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure("cannot open", path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure("cannot stat", path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw StorageError(.invalidArgument, "\(path) is not a regular file") }
        let count = Int(info.st_size)
        if count == 0 {
            base = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw Self.failure("cannot map", path)
        }
        _ = madvise(mapped, count, MADV_SEQUENTIAL)
        base = mapped
        bytes = UnsafeRawBufferPointer(start: mapped, count: count)
    }

    deinit {
        if let base { munmap(base, bytes.count) }
    }

    /// Lets the kernel drop the pages before `offset` (they are read again if touched).
    func release(before offset: Int) {
        guard let base else { return }
        let end = offset / Self.pageSize * Self.pageSize
        guard end > released else { return }
        _ = madvise(base + released, end - released, MADV_DONTNEED)
        released = end
    }

    private static func failure(_ action: String, _ path: String) -> StorageError {
        StorageError(.io, "\(action) \(path): \(String(cString: strerror(errno)))")
    }
}
