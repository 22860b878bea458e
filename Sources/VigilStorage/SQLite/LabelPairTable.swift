import VigilModel

/// The `label_pairs` table mirrored in memory: every distinct (name, value) pair has an id,
/// which `postings` rows and series' label sets refer to. Kept by the writer; new pairs
/// are inserted in the caller's transaction and forgotten again if it rolls back.
struct LabelPairTable {
    private var ids: [Label: Int64] = [:]
    private var nextID: Int64 = 1
    /// Pairs inserted since the last `commit()`.
    private var uncommitted: [Label] = []

    init() {}

    /// Loads the table; returns the labels by id, to decode series rows.
    mutating func load(from main: SQLiteConnection) throws(SQLiteError) -> [Int64: Label] {
        var byID: [Int64: Label] = [:]
        let select = try main.statement("SELECT id, name, value FROM label_pairs")
        while try select.step() {
            let label = Label(select.text(1), select.text(2))
            let id = select.int64(0)
            byID[id] = label
            ids[label] = id
            nextID = max(nextID, id + 1)
        }
        return byID
    }

    /// The id of `label`, inserting the pair when it is new.
    mutating func id(for label: Label, in main: SQLiteConnection) throws(SQLiteError) -> Int64 {
        if let id = ids[label] { return id }
        let insert = try main.statement("INSERT INTO label_pairs(id, name, value) VALUES(?1, ?2, ?3)")
        insert.bind(nextID, at: 1)
        insert.bind(label.name, at: 2)
        insert.bind(label.value, at: 3)
        try insert.run()
        ids[label] = nextID
        uncommitted.append(label)
        nextID += 1
        return nextID - 1
    }

    /// The transaction that inserted new pairs committed.
    mutating func commit() {
        uncommitted.removeAll()
    }

    /// The transaction that inserted new pairs rolled back: forget them.
    mutating func rollback() {
        for label in uncommitted { ids[label] = nil }
        nextID -= Int64(uncommitted.count)
        uncommitted.removeAll()
    }

    /// A series' label set as stored in `series.labels`: the pair ids as varints, in the
    /// order of the (sorted) labels.
    static func encode(_ ids: [Int64]) -> [UInt8] {
        var out: [UInt8] = []
        for id in ids { Varint.append(UInt64(id), to: &out) }
        return out
    }

    /// Decodes `series.labels`; nil when damaged or naming an unknown pair.
    static func decode(_ bytes: [UInt8], pairs: [Int64: Label]) -> Labels? {
        bytes.withUnsafeBytes { raw -> Labels? in
            var offset = 0
            var labels: [Label] = []
            while offset < raw.count {
                guard let id = Varint.read(raw, at: &offset), let label = pairs[Int64(bitPattern: id)] else { return nil }
                labels.append(label)
            }
            let set = Labels(labels)
            return set.count == labels.count && !labels.isEmpty ? set : nil
        }
    }
}
