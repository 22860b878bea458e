#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An exclusive `flock` on `LOCK` in the data directory, held while a store is open, so
/// two processes (or two opens in one process) never write the same files.
final class DataDirectoryLock: Sendable {
    private let descriptor: Mutex<Int32?>

    init(path: String) throws(StorageError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StorageError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var attempts = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &buffer, buffer.count, 0)
            let holder = count > 0 ? String(decoding: buffer[..<count], as: UTF8.self).trimmingSpaces : "another process"
            // This process closed the lock a moment ago, but a child being spawned at that
            // moment holds a copy of the descriptor until it execs: wait that out, briefly.
            attempts += 1
            if holder == "\(getpid())", attempts <= 25 {
                usleep(10_000)
                continue
            }
            close(descriptor)
            throw StorageError(.locked, "the data directory is in use (\(path) is locked by process \(holder)); stop that vigil first")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
        self.descriptor = Mutex(descriptor)
    }

    /// Releases the lock (closing the file releases the `flock`); later calls do nothing.
    func unlock() {
        descriptor.withLock { descriptor in
            if let open = descriptor { close(open) }
            descriptor = nil
        }
    }

    deinit {
        unlock()
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(self.filter { !$0.isWhitespace })
    }
}
