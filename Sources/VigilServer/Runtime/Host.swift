#if canImport(Glibc)
import Glibc
#endif

/// Facts about the machine Vigil runs on.
enum Host {
    /// The host name, as Prometheus uses it in its default external URL.
    static var name: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
