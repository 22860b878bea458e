import VigilModel

/// Rows of `label_pairs` and the `series.labels` column: a series' label set stored as
/// the varint ids of its pairs, in label-name order.
enum LabelPairTable {
    /// Every row of `label_pairs`.
    static func load(from main: SQLiteConnection) throws(SQLiteError) -> [(id: Int64, label: Label)] {
        let select = try main.statement("SELECT id, name, value FROM label_pairs")
        var rows: [(id: Int64, label: Label)] = []
        while try select.step() {
            rows.append((select.int64(0), Label(select.text(1), select.text(2))))
        }
        return rows
    }

    /// Inserts pairs `label_pairs` lacks (in the caller's transaction).
    static func insert(_ pairs: [(id: UInt32, label: Label)], into main: SQLiteConnection) throws(SQLiteError) {
        guard !pairs.isEmpty else { return }
        let insert = try main.statement("INSERT OR IGNORE INTO label_pairs(id, name, value) VALUES(?1, ?2, ?3)")
        for pair in pairs {
            insert.bind(Int64(pair.id), at: 1)
            insert.bind(pair.label.name, at: 2)
            insert.bind(pair.label.value, at: 3)
            try insert.run()
        }
    }

    /// A series' label set as stored in `series.labels`: its pair ids as varints, in the
    /// order of the (sorted) labels.
    static func encode(_ ids: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        for id in ids { Varint.append(UInt64(id), to: &out) }
        return out
    }

    /// The pair ids of a `series.labels` value; nil when damaged.
    static func decode(_ bytes: [UInt8]) -> [UInt32]? {
        bytes.withUnsafeBytes { raw -> [UInt32]? in
            var offset = 0
            var ids: [UInt32] = []
            while offset < raw.count {
                guard let id = Varint.read(raw, at: &offset), id > 0, id <= UInt64(UInt32.max) else { return nil }
                ids.append(UInt32(id))
            }
            return ids.isEmpty ? nil : ids
        }
    }
}
