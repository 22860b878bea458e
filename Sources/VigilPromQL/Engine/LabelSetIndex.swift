import VigilModel

/// Positions of distinct label sets, found by a multiply-xorshift hash of their strings
/// (`LabelHash`) rather than `Hasher`: the engine looks up every result series' labels, and
/// SipHash over each label string was a tenth of a binary operation's time.
struct LabelSetIndex {
    /// The label sets in the order they were first inserted.
    private(set) var sets: [Labels] = []
    private var chains: HashChains
    private let hash: (Labels) -> UInt64

    /// `hash` is replaceable so that tests can make every set collide.
    init(capacity: Int = 0, hash: @escaping (Labels) -> UInt64 = LabelHash.of) {
        self.hash = hash
        sets.reserveCapacity(capacity)
        chains = HashChains(capacity: capacity)
    }

    /// The position of `labels`, added when new.
    mutating func insert(_ labels: Labels) -> (index: Int, inserted: Bool) {
        let hash = hash(labels)
        if let found = chains.first(hash, where: { sets[$0] == labels }) { return (found, false) }
        chains.append(hash)
        sets.append(labels)
        return (sets.count - 1, true)
    }
}
