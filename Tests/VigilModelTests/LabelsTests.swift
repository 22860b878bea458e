import Testing
import VigilModel

struct LabelsTests {
    @Test func canonicalFormSortsDropsEmptyAndKeepsTheLastDuplicate() {
        let labels = Labels([Label("b", "2"), Label("a", "1"), Label("empty", ""), Label("a", "3")])
        #expect(labels.pairs == [Label("a", "3"), Label("b", "2")])
        #expect(labels == ["b": "2", "a": "3"])
        #expect(labels.hashValue == Labels(["a": "3", "b": "2"]).hashValue)
    }

    @Test(arguments: [
        (["a": "1"], ["a": "1", "b": "1"], true),       // a prefix sorts first
        (["a": "1"], ["a": "2"], true),
        (["a": "2"], ["b": "1"], true),                 // names before values
        (["a": "1", "b": "1"], ["a": "1"], false),
        ([:], ["a": "1"], true),
        (["a": "1"], ["a": "1"], false),
    ] as [([String: String], [String: String], Bool)])
    func orderIsPrometheusCompare(_ a: [String: String], _ b: [String: String], _ less: Bool) {
        #expect((Labels(a) < Labels(b)) == less)
    }

    @Test func printing() {
        let labels: Labels = ["__name__": "up", "job": "a\"b\\c\nd"]
        #expect(labels.description == #"{__name__="up", job="a\"b\\c\nd"}"#)
        #expect(labels.seriesDescription == #"up{job="a\"b\\c\nd"}"#)
        #expect(Labels(["__name__": "up"]).seriesDescription == "up")
        #expect(Labels(["a": "1"]).seriesDescription == #"{a="1"}"#)
    }

    @Test func editing() {
        let labels: Labels = ["__name__": "x", "a": "1", "b": "2"]
        #expect(labels.setting("a", to: "") == ["__name__": "x", "b": "2"])
        #expect(labels.setting("c", to: "3")["c"] == "3")
        #expect(labels.withoutMetricName == ["a": "1", "b": "2"])
        #expect(labels.keeping(["a"]) == ["a": "1"])
        #expect(labels.removing(["a", "__name__"]) == ["b": "2"])
        #expect(labels.metricName == "x")
    }

    @Test(arguments: [
        ("job", true), ("_x9", true), ("9x", false), ("", false), ("a-b", false), ("a:b", false), ("ä", false),
    ])
    func labelNameValidity(_ name: String, _ valid: Bool) {
        #expect(LabelName.isValid(name) == valid)
    }

    @Test(arguments: [("a:b_c", true), (":x", true), ("9x", false), ("a.b", false), ("", false)])
    func metricNameValidity(_ name: String, _ valid: Bool) {
        #expect(LabelName.isValidMetricName(name) == valid)
    }
}

struct SourcePositionTests {
    @Test(arguments: [(0, "1:1"), (3, "1:4"), (4, "2:1"), (6, "2:3"), (100, "3:4")])
    func positions(_ offset: Int, _ expected: String) {
        #expect(SourcePosition(of: offset, in: "abc\ndef\nghi").description == expected)
    }

    /// Go's xxhash of known strings, short and over 32 bytes (the striped path).
    @Test(arguments: [
        ("", 0xEF46_DB37_51D8_E999), ("a", 0xD24E_C4F1_A98C_6E5B), ("abc", 0x44BC_2CF5_AD77_0999),
        ("The quick brown fox jumps over the lazy dog", 0x0B24_2D36_1FDA_71BC),
    ] as [(String, UInt64)])
    func xxHash(_ text: String, _ expected: UInt64) {
        #expect(XXHash64.hash(Array(text.utf8)) == expected)
    }
}

struct UTF8OrderTests {
    @Test(arguments: [
        ("", "", false), ("", "a", true), ("a", "", false), ("a", "a", false),
        ("ab", "b", true), ("b", "ab", false), ("a", "ab", true),   // a prefix sorts first
        ("Z", "a", true), ("z", "é", true), ("é", "z", false),     // bytes, not letters
        ("e\u{301}", "é", true),                                  // no Unicode normalization
        ("a string longer than fifteen bytes", "a string longer than fifteen bytez", true),
    ] as [(String, String, Bool)])
    func comparesUTF8Bytes(_ a: String, _ b: String, _ less: Bool) {
        #expect(a.utf8Precedes(b) == less)
        #expect(a.utf8Precedes(b) == a.utf8.lexicographicallyPrecedes(b.utf8))
    }
}
