import VigilModel

/// Byte classes and small scanners shared by both text formats. Everything works on an
/// `UnsafeRawBufferPointer` and offsets into it, so the hot path copies nothing.
enum Byte {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let hash = UInt8(ascii: "#")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let braceOpen = UInt8(ascii: "{")
    static let braceClose = UInt8(ascii: "}")
    static let equal = UInt8(ascii: "=")
    static let comma = UInt8(ascii: ",")

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- UInt8(ascii: "a") < 26 }
    /// `[a-zA-Z_:]`, the first byte of a metric name.
    @inline(__always) static func isMetricNameStart(_ b: UInt8) -> Bool {
        isLetter(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":")
    }
    /// `[a-zA-Z0-9_:]`
    @inline(__always) static func isMetricNameByte(_ b: UInt8) -> Bool { isMetricNameStart(b) || isDigit(b) }
    /// `[a-zA-Z_]`, the first byte of a label name.
    @inline(__always) static func isLabelNameStart(_ b: UInt8) -> Bool { isLetter(b) || b == UInt8(ascii: "_") }
    /// `[a-zA-Z0-9_]`
    @inline(__always) static func isLabelNameByte(_ b: UInt8) -> Bool { isLabelNameStart(b) || isDigit(b) }
}

/// A `"…"` string found by `scanQuoted`: its content range (without the quotes) and what
/// decoding it needs.
struct QuotedSpan {
    var content: Range<Int>
    /// The content has a backslash: unescape before use.
    var escaped: Bool
    /// The content has bytes above 0x7f: validate as UTF-8.
    var nonASCII: Bool
}

extension UnsafeRawBufferPointer {
    /// The end of the run of spaces and tabs starting at `i`.
    @inline(__always) func skipBlanks(from i: Int) -> Int {
        var j = i
        while j < count, Byte.isBlank(self[j]) { j += 1 }
        return j
    }

    /// The offset of the next newline at or after `i`, or `count`.
    @inline(__always) func lineEnd(from i: Int) -> Int {
        guard i < count else { return count }
        let base = baseAddress!.assumingMemoryBound(to: UInt8.self)
        if let found = memchr(base + i, Int32(Byte.newline), count - i) {
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
        return count
    }

    /// Scans the quoted string whose opening quote is at `i`, as the upstream lexers'
    /// `\"(\\.|[^\\"])*\"`. A raw newline ends the scan as unterminated unless
    /// `allowNewline` (Prometheus' 0.0.4 lexer lets one through; OpenMetrics does not).
    /// Returns nil when the string is unterminated; `end` is then where the scan stopped.
    @inline(__always)
    func scanQuoted(at i: Int, allowNewline: Bool, end: inout Int) -> QuotedSpan? {
        var j = i + 1
        var escaped = false
        var nonASCII = false
        while j < count {
            let b = self[j]
            if b == Byte.quote {
                end = j + 1
                return QuotedSpan(content: (i + 1)..<j, escaped: escaped, nonASCII: nonASCII)
            }
            if b == Byte.backslash {
                // `\\.`: any byte but a newline may follow the backslash.
                guard j + 1 < count, self[j + 1] != Byte.newline else { break }
                escaped = true
                if self[j + 1] >= 0x80 { nonASCII = true }
                j += 2
                continue
            }
            if b == Byte.newline && !allowNewline { break }
            if b >= 0x80 { nonASCII = true }
            j += 1
        }
        end = j
        return nil
    }

    /// Whether `self[range]` equals `other[otherRange]` byte for byte.
    @inline(__always) func bytesEqual(_ range: Range<Int>, _ otherRange: Range<Int>) -> Bool {
        guard range.count == otherRange.count else { return false }
        if range.isEmpty { return true }
        return memcmp(baseAddress! + range.lowerBound, baseAddress! + otherRange.lowerBound, range.count) == 0
    }

    /// Whether `self[range]` equals the ASCII `text`.
    func bytesEqual(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        if range.isEmpty { return true }
        return memcmp(baseAddress! + range.lowerBound, text.utf8Start, range.count) == 0
    }

    /// Whether `self[range]` ends with the ASCII `suffix`.
    func hasSuffix(_ range: Range<Int>, _ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard range.count >= n else { return false }
        return bytesEqual((range.upperBound - n)..<range.upperBound, suffix)
    }

    /// Whether the bytes at `i` start with the ASCII `text`.
    func hasPrefix(at i: Int, _ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard i + n <= count else { return false }
        return bytesEqual(i..<(i + n), text)
    }

    /// Whether `self[range]` is valid UTF-8.
    func isValidUTF8(_ range: Range<Int>) -> Bool {
        if isASCII(range) { return true }
        var iterator = UnsafeRawBufferPointer(rebasing: self[range]).makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Whether every byte of `self[range]` is below 0x80, checked eight bytes at a time.
    @inline(__always) func isASCII(_ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            if loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < range.upperBound {
            if self[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// Whether `self[range]` holds a backslash.
    @inline(__always) func containsBackslash(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        return memchr(baseAddress! + range.lowerBound, Int32(Byte.backslash), range.count) != nil
    }

    /// `self[range]` as a String (the caller validated UTF-8 where it matters).
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: self[range]), as: UTF8.self)
    }

    /// `self[range]` unescaped as a label value: `\\`, `\"` and `\n` are replaced, any other
    /// backslash stays as written (Prometheus' `lvalReplacer`). With `quote: false` only
    /// `\\` and `\n` are (the 0.0.4 HELP text, Prometheus' `helpReplacer`).
    func unescaped(_ range: Range<Int>, quote: Bool = true) -> String {
        if !containsBackslash(range) { return string(range) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let b = self[i]
            if b == Byte.backslash, i + 1 < range.upperBound {
                let next = self[i + 1]
                if next == Byte.backslash { out.append(Byte.backslash); i += 2; continue }
                if next == UInt8(ascii: "n") { out.append(Byte.newline); i += 2; continue }
                if quote && next == Byte.quote { out.append(Byte.quote); i += 2; continue }
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Describes the byte at `i` for an error message: `"x"` (the whole UTF-8 character),
    /// `"\n"`, or `end of input`.
    func describe(at i: Int) -> String {
        guard i < count else { return "end of input" }
        var end = i + 1
        if self[i] >= 0xc0 {
            while end < count, end < i + 4, self[end] & 0xc0 == 0x80 { end += 1 }
        }
        return GoQuote.bytes(Array(UnsafeRawBufferPointer(rebasing: self[i..<end])))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
