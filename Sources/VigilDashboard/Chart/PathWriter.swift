/// Writes compact SVG path data in integer plot units: absolute moves, relative line
/// chains (`M12 340l3-4 3 2`), separators only where a number needs one.
///
/// Charts are drawn in a 1000 × 1000 view box stretched to the panel, so one unit is
/// about a pixel across and well under one vertically: integers lose nothing visible.
struct PathWriter {
    private(set) var bytes: [UInt8] = []
    private var lastCommand: UInt8 = 0
    private var x = 0, y = 0
    /// Whether the current subpath has drawn anything since its move.
    private var drewSinceMove = true

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var isEmpty: Bool { bytes.isEmpty }

    /// Starts a subpath at (x, y).
    mutating func move(_ x: Int, _ y: Int) {
        command(UInt8(ascii: "M"))
        number(x, afterCommand: true)
        number(y, afterCommand: false)
        self.x = x
        self.y = y
        drewSinceMove = false
    }

    /// Starts a subpath relative to the current point (cheaper for dot rows).
    mutating func moveRelative(_ x: Int, _ y: Int) {
        if bytes.isEmpty {
            move(x, y)
            return
        }
        command(UInt8(ascii: "m"))
        number(x - self.x, afterCommand: true)
        number(y - self.y, afterCommand: false)
        self.x = x
        self.y = y
        drewSinceMove = false
    }

    /// A line to (x, y); a repeat of the current point is skipped (`finishSubpath`
    /// turns a subpath of one point into a dot).
    mutating func line(_ x: Int, _ y: Int) {
        if x == self.x && y == self.y { return }
        if lastCommand != UInt8(ascii: "l") { command(UInt8(ascii: "l")) }
        number(x - self.x, afterCommand: lastCommand == UInt8(ascii: "l") && bytes.last == UInt8(ascii: "l"))
        number(y - self.y, afterCommand: false)
        self.x = x
        self.y = y
        drewSinceMove = true
    }

    /// A zero-length segment: with round caps it draws a dot at the current point.
    mutating func dot() {
        command(UInt8(ascii: "h"))
        bytes.append(UInt8(ascii: "0"))
        drewSinceMove = true
    }

    /// Ends the subpath if it drew nothing but a move, so lone samples show as dots.
    mutating func finishSubpath() {
        if !drewSinceMove { dot() }
    }

    /// A vertical line to absolute y, then a horizontal line to absolute x, then close:
    /// how an area under a line returns to its baseline.
    mutating func closeDown(toY baseline: Int, backToX x0: Int) {
        command(UInt8(ascii: "V"))
        number(baseline, afterCommand: true)
        command(UInt8(ascii: "H"))
        number(x0, afterCommand: true)
        command(UInt8(ascii: "Z"))
        y = baseline
        x = x0
    }

    /// An axis-aligned rectangle as its own subpath (`M x y h w v h h -w z`).
    mutating func rect(x: Int, y: Int, width: Int, height: Int) {
        move(x, y)
        command(UInt8(ascii: "h"))
        number(width, afterCommand: true)
        command(UInt8(ascii: "v"))
        number(height, afterCommand: true)
        command(UInt8(ascii: "h"))
        number(-width, afterCommand: true)
        command(UInt8(ascii: "z"))
        drewSinceMove = true
    }

    /// Closes the subpath.
    mutating func close() {
        command(UInt8(ascii: "Z"))
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func command(_ letter: UInt8) {
        bytes.append(letter)
        lastCommand = letter
    }

    private mutating func number(_ value: Int, afterCommand: Bool) {
        // A minus sign separates by itself; a positive number after another needs a space.
        if value >= 0 && !afterCommand && !bytes.isEmpty {
            let last = bytes[bytes.count - 1]
            if last >= UInt8(ascii: "0") && last <= UInt8(ascii: "9") { bytes.append(UInt8(ascii: " ")) }
        }
        PathWriter.appendInt(value, to: &bytes)
    }

    static func appendInt(_ value: Int, to bytes: inout [UInt8]) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }
}
