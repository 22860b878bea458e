/// FNV-1a, 64 bit: the stable (across runs and machines) hash Prometheus uses for target
/// identity and scrape offsets. Swift's `Hasher` is seeded per process, so it cannot be used.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
    }

    mutating func combine(_ string: String) { combine(string.utf8) }

    static func hash(_ string: String) -> UInt64 {
        var h = FNV1a64()
        h.combine(string)
        return h.value
    }
}
