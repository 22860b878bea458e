import VigilModel

/// Prometheus' `labels.Labels.Hash()`: xxHash64 (seed 0) of `name 0xff value 0xff …`, so
/// that hash-based choices (limit_ratio) pick the same series as Prometheus.
enum LabelsHash {
    private static let p1: UInt64 = 11_400_714_785_074_694_791
    private static let p2: UInt64 = 14_029_467_366_897_019_727
    private static let p3: UInt64 = 1_609_587_929_392_839_161
    private static let p4: UInt64 = 9_650_029_242_287_828_579
    private static let p5: UInt64 = 2_870_177_450_012_600_261

    static func hash(_ labels: Labels) -> UInt64 {
        var bytes: [UInt8] = []
        for label in labels {
            bytes.append(contentsOf: label.name.utf8)
            bytes.append(0xFF)
            bytes.append(contentsOf: label.value.utf8)
            bytes.append(0xFF)
        }
        return xxHash64(bytes)
    }

    static func xxHash64(_ input: [UInt8]) -> UInt64 {
        let n = input.count
        var i = 0
        var h: UInt64
        func read64(_ at: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(input[at + k]) << (8 * UInt64(k)) }
            return v
        }
        func read32(_ at: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<4 { v |= UInt64(input[at + k]) << (8 * UInt64(k)) }
            return v
        }
        func round(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
            rotl(acc &+ lane &* p2, 31) &* p1
        }
        func merge(_ acc: UInt64, _ v: UInt64) -> UInt64 {
            (acc ^ round(0, v)) &* p1 &+ p4
        }
        if n >= 32 {
            var v1 = p1 &+ p2
            var v2 = p2
            var v3: UInt64 = 0
            var v4: UInt64 = 0 &- p1
            while i + 32 <= n {
                v1 = round(v1, read64(i))
                v2 = round(v2, read64(i + 8))
                v3 = round(v3, read64(i + 16))
                v4 = round(v4, read64(i + 24))
                i += 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = merge(h, v1)
            h = merge(h, v2)
            h = merge(h, v3)
            h = merge(h, v4)
        } else {
            h = p5
        }
        h = h &+ UInt64(n)
        while i + 8 <= n {
            h ^= round(0, read64(i))
            h = rotl(h, 27) &* p1 &+ p4
            i += 8
        }
        if i + 4 <= n {
            h ^= read32(i) &* p1
            h = rotl(h, 23) &* p2 &+ p3
            i += 4
        }
        while i < n {
            h ^= UInt64(input[i]) &* p5
            h = rotl(h, 11) &* p1
            i += 1
        }
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        h = h &* p3
        h ^= h >> 32
        return h
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 {
        (x << r) | (x >> (64 - r))
    }
}
