import Foundation
import VigilModel

/// Go's `fmt` printing of template values: `%v` as `{{ . }}` prints, and `Sprint`,
/// `Sprintln` and `Sprintf` as the `print`, `println` and `printf` builtins.
extension GoFormat {
    /// `fmt.Sprint(v)`: how an action prints a value.
    static func print(_ value: TemplateValue) -> String {
        format(value, verb: "v", FormatSpec())
    }

    /// `fmt.Sprint`: spaces between operands when neither side is a string.
    static func sprint(_ values: [TemplateValue]) -> String {
        var out = ""
        for (index, value) in values.enumerated() {
            let isString = value.stringValue != nil
            if index > 0 && !isString && values[index - 1].stringValue == nil { out += " " }
            out += print(value)
        }
        return out
    }

    /// `fmt.Sprintln`: spaces between all operands and a trailing newline.
    static func sprintln(_ values: [TemplateValue]) -> String {
        values.map(print).joined(separator: " ") + "\n"
    }

    /// `fmt.Sprintf` with flags `#0+- `, width, precision (also `*`), argument indexes
    /// `[n]`, and Go's error spellings (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA …)`).
    static func sprintf(_ format: String, _ args: [TemplateValue]) -> String {
        let s = Array(format.unicodeScalars)
        var out = ""
        var argIndex = 0
        var reordered = false
        var i = 0
        func number() -> Int? {
            var value: Int?
            while i < s.count, let d = Character(s[i]).wholeNumberValue, s[i].isASCII {
                value = (value ?? 0) * 10 + d
                i += 1
                if value! > 1_000_000 { return nil }
            }
            return value
        }
        func argumentIndex() -> Bool {
            guard i < s.count, s[i] == "[" else { return true }
            reordered = true
            i += 1
            guard let n = number(), i < s.count, s[i] == "]", n >= 1, n <= args.count else {
                while i < s.count, s[i] != "]" { i += 1 }
                i += 1
                return false
            }
            i += 1
            argIndex = n - 1
            return true
        }
        while i < s.count {
            guard s[i] == "%" else {
                out.unicodeScalars.append(s[i])
                i += 1
                continue
            }
            i += 1
            var spec = FormatSpec()
            flags: while i < s.count {
                switch s[i] {
                case "#": spec.sharp = true
                case "0": spec.zero = !spec.minus
                case "+": spec.plus = true
                case "-": spec.minus = true; spec.zero = false
                case " ": spec.space = true
                default: break flags
                }
                i += 1
            }
            var goodIndex = argumentIndex()
            if i < s.count, s[i] == "*" {
                i += 1
                if argIndex < args.count, case .int(let w) = args[argIndex] {
                    spec.width = Int(w)
                    if w < 0 { spec.minus = true; spec.zero = false; spec.width = Int(-w) }
                } else {
                    out += "%!(BADWIDTH)"
                }
                argIndex += 1
            } else {
                spec.width = number()
            }
            if i < s.count, s[i] == "." {
                i += 1
                goodIndex = goodIndex && argumentIndex()
                if i < s.count, s[i] == "*" {
                    i += 1
                    if argIndex < args.count, case .int(let p) = args[argIndex], p >= 0 {
                        spec.precision = Int(p)
                    } else {
                        out += "%!(BADPREC)"
                    }
                    argIndex += 1
                } else {
                    spec.precision = number() ?? 0
                }
            }
            goodIndex = goodIndex && argumentIndex()
            guard i < s.count else {
                out += "%!(NOVERB)"
                break
            }
            let verb = Character(s[i])
            i += 1
            if verb == "%" {
                out += "%"
                continue
            }
            guard goodIndex else {
                out += "%!\(verb)(BADINDEX)"
                continue
            }
            guard argIndex < args.count else {
                out += "%!\(verb)(MISSING)"
                continue
            }
            out += Self.format(args[argIndex], verb: verb, spec)
            argIndex += 1
        }
        if !reordered && argIndex < args.count {
            let extra = args[argIndex...].map { arg -> String in
                if case .null = arg { return "<nil>" }
                return "\(arg.typeName)=\(print(arg))"
            }
            out += "%!(EXTRA " + extra.joined(separator: ", ") + ")"
        }
        return out
    }

    /// Flags, width and precision of one verb.
    struct FormatSpec {
        var sharp = false, zero = false, plus = false, minus = false, space = false
        var width: Int?
        var precision: Int?
    }

    static func format(_ value: TemplateValue, verb: Character, _ spec: FormatSpec) -> String {
        switch value {
        case .missing, .null:
            if verb == "v" || verb == "T" { return pad("<nil>", spec) }
            return "%!\(verb)(<nil>)"
        case .bool(let b):
            if verb == "T" { return pad("bool", spec) }
            guard verb == "t" || verb == "v" else { return badVerb(value, verb) }
            return pad(b ? "true" : "false", spec)
        case .int(let i):
            return formatInteger(negative: i < 0, magnitude: i.magnitude, value: value, verb: verb, spec)
        case .uint(let u):
            return formatInteger(negative: false, magnitude: u, value: value, verb: verb, spec)
        case .float(let f):
            return formatFloatVerb(f, value: value, verb: verb, spec)
        case .string(let text), .html(let text):
            return formatString(text, value: value, verb: verb, spec)
        case .list(let items, _):
            if verb == "T" { return pad(value.typeName, spec) }
            return "[" + items.map { format($0, verb: verb, FormatSpec(sharp: spec.sharp, plus: spec.plus, space: spec.space, precision: spec.precision)) }.joined(separator: " ") + "]"
        case .map(let map):
            if verb == "T" { return pad(value.typeName, spec) }
            let inner = FormatSpec(sharp: spec.sharp, plus: spec.plus, space: spec.space, precision: spec.precision)
            return "map[" + map.sortedKeys.map { key in
                format(.string(key), verb: verb, inner) + ":" + format(map.entries[key]!, verb: verb, inner)
            }.joined(separator: " ") + "]"
        case .object(let object):
            if verb == "T" { return pad(object.typeName, spec) }
            if object.isNil { return verb == "v" ? pad("<nil>", spec) : "%!\(verb)(<nil>)" }
            if let text = object.stringer, "vsqxX".contains(verb) {
                return formatString(text, value: .string(text), verb: verb, spec)
            }
            if let elements = object.elements {
                return format(.list(elements), verb: verb, spec)
            }
            if let map = object.mapValue {
                return format(.map(map), verb: verb, spec)
            }
            guard verb == "v" else { return badVerb(value, verb) }
            return pad(object.plainDescription, spec)
        }
    }

    private static func badVerb(_ value: TemplateValue, _ verb: Character) -> String {
        "%!\(verb)(\(value.typeName)=\(print(value)))"
    }

    static func pad(_ text: String, _ spec: FormatSpec, zeroAllowed: Bool = false) -> String {
        guard let width = spec.width else { return text }
        let count = text.unicodeScalars.count
        guard width > count else { return text }
        let fill = String(repeating: spec.zero && zeroAllowed && !spec.minus ? "0" : " ", count: width - count)
        return spec.minus ? text + fill : fill + text
    }

    /// Pads a signed number, putting zero padding between the sign and the digits.
    private static func padNumber(sign: String, digits: String, _ spec: FormatSpec) -> String {
        if spec.zero && !spec.minus, let width = spec.width, width > sign.count + digits.count {
            return sign + String(repeating: "0", count: width - sign.count - digits.count) + digits
        }
        return pad(sign + digits, spec)
    }

    private static func formatInteger(negative: Bool, magnitude: UInt64, value: TemplateValue, verb: Character, _ spec: FormatSpec) -> String {
        var digits: String
        var prefix = ""
        switch verb {
        case "d", "v": digits = String(magnitude)
        case "b": digits = String(magnitude, radix: 2)
        case "o", "O":
            digits = String(magnitude, radix: 8)
            if verb == "O" { prefix = "0o" } else if spec.sharp && digits != "0" { prefix = "0" }
        case "x": digits = String(magnitude, radix: 16); if spec.sharp { prefix = "0x" }
        case "X": digits = String(magnitude, radix: 16).uppercased(); if spec.sharp { prefix = "0X" }
        case "c":
            let scalar = negative ? nil : Unicode.Scalar(UInt32(truncatingIfNeeded: magnitude))
            return pad(String(Character(scalar ?? "\u{FFFD}")), spec)
        case "q":
            let scalar = negative ? nil : Unicode.Scalar(UInt32(truncatingIfNeeded: magnitude))
            return pad(GoQuote.rune(scalar ?? "\u{FFFD}"), spec)
        case "U":
            var text = String(format: "U+%04X", UInt32(truncatingIfNeeded: magnitude))
            if spec.sharp, let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: magnitude)), GoQuote.isPrintable(scalar) {
                text += " '\(Character(scalar))'"
            }
            return pad(text, spec)
        case "T": return pad(value.typeName, spec)
        default: return badVerb(value, verb)
        }
        if let precision = spec.precision {
            if precision == 0 && magnitude == 0 { digits = "" }
            if digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
        }
        let sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : ""
        var zeroSpec = spec
        if spec.precision != nil { zeroSpec.zero = false }
        return padNumber(sign: sign + prefix, digits: digits, zeroSpec)
    }

    private static func formatFloatVerb(_ f: Double, value: TemplateValue, verb: Character, _ spec: FormatSpec) -> String {
        let text: String
        switch verb {
        case "v": text = formatFloat(f, verb: "g", precision: spec.precision)
        case "g", "G": text = formatFloat(f, verb: verb, precision: spec.precision)
        case "e", "E", "f", "F": text = formatFloat(f, verb: verb, precision: spec.precision ?? 6)
        case "T": return pad(value.typeName, spec)
        default: return badVerb(value, verb)
        }
        if f.isNaN {
            var noZero = spec
            noZero.zero = false
            return pad(spec.plus ? "+NaN" : spec.space ? " NaN" : "NaN", noZero)
        }
        if f.isInfinite {
            var noZero = spec
            noZero.zero = false
            return pad(f < 0 ? "-Inf" : spec.space && !spec.plus ? " Inf" : "+Inf", noZero)
        }
        var digits = text
        var sign = ""
        if digits.hasPrefix("-") {
            sign = "-"
            digits.removeFirst()
        } else if spec.plus {
            sign = "+"
        } else if spec.space {
            sign = " "
        }
        if spec.sharp && !digits.contains(".") && (verb == "f" || verb == "F" || verb == "v" || verb == "g") && !digits.contains("e") {
            digits += "."
        }
        return padNumber(sign: sign, digits: digits, spec)
    }

    private static func formatString(_ text: String, value: TemplateValue, verb: Character, _ spec: FormatSpec) -> String {
        var s = text
        if let precision = spec.precision, verb != "x" && verb != "X" {
            s = String(String.UnicodeScalarView(s.unicodeScalars.prefix(precision)))
        }
        switch verb {
        case "v", "s": return pad(s, spec)
        case "q":
            if spec.sharp && !s.contains("`") && s.unicodeScalars.allSatisfy({ GoQuote.isPrintable($0) || $0 == "\t" }) {
                return pad("`" + s + "`", spec)
            }
            return pad(GoQuote.string(s), spec)
        case "x", "X":
            var bytes = Array(s.utf8)
            if let precision = spec.precision { bytes = Array(bytes.prefix(precision)) }
            let digits = bytes.map { String(format: verb == "x" ? "%02x" : "%02X", $0) }
            return pad(digits.joined(separator: spec.space ? " " : ""), spec)
        case "T": return pad(value.typeName, spec)
        default: return badVerb(value, verb)
        }
    }
}
