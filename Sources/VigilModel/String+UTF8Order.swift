#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether this string sorts before `other` byte by byte in UTF-8: the order Go, and so
    /// Prometheus, sorts label names, values and series in. One `memcmp` rather than a
    /// generic walk over the views: series are sorted by their labels on every query.
    @inlinable
    public func utf8Precedes(_ other: String) -> Bool {
        var a = self
        var b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = Swift.min(x.count, y.count)
                if common > 0 {
                    let order = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }
}
