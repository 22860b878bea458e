#if canImport(Glibc)
import Glibc
#endif

/// Gives free heap pages back to the system. The head allocates and frees small buffers
/// all the time (a series' pending samples, each encoded group); glibc keeps the freed
/// pages mapped, scattered between live blocks, so without this the resident size grows
/// a tenth above what is in use. Runs after each storage upkeep.
enum HeapTrim {
    /// `malloc_trim` where the C library has it (glibc), looked up at run time: it is not
    /// part of the headers Swift imports, and other C libraries lack it.
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// Returns whether the C library could trim.
    @discardableResult
    static func run() -> Bool {
        guard let trim else { return false }
        _ = trim(0)
        return true
    }
}
