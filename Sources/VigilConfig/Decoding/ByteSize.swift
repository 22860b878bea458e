/// Byte sizes as Prometheus writes them (`units.Base2Bytes` from alecthomas/units):
/// `512MB`, `1GiB`, `1.5GB`, `1GB512MB`, `0`; `KB` and `KiB` are both 1024 (base 2), the SI
/// spelling `kB` is rejected. A bare integer (YAML int) is a number of bytes.
enum ByteSize {
    private static let units: [String: Double] = {
        var units: [String: Double] = ["B": 1]
        let prefixes = ["K", "M", "G", "T", "P", "E"]
        var scale = 1.0
        for prefix in prefixes {
            scale *= 1024
            units[prefix + "B"] = scale
            units[prefix + "iB"] = scale
        }
        return units
    }()

    /// The number of bytes, or the message alecthomas/units gives for bad input.
    static func parse(_ text: String) -> Result<Int64, ByteSizeError> {
        if let plain = Int64(text) { return plain >= 0 ? .success(plain) : .failure(.negative) }
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return .success(0) }
        guard !rest.isEmpty else { return .failure(.message("units: invalid \(text)")) }
        var total = 0.0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty, digits.filter({ $0 == "." }).count <= 1, digits != ".",
                  let number = Double(digits.hasPrefix(".") ? "0" + digits : String(digits)) else {
                return .failure(.message("units: invalid \(text)"))
            }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unit.count)
            guard let scale = units[String(unit)] else {
                return .failure(.message("units: unknown unit \(unit) in \(text)"))
            }
            total += number * scale
        }
        if negative { return .failure(.negative) }
        guard total < 9.2e18 else { return .failure(.message("units: overflow parsing unit")) }
        return .success(Int64(total))
    }

    /// Why a size did not parse.
    enum ByteSizeError: Error {
        case message(String)
        case negative

        var text: String {
            switch self {
            case .message(let message): return message
            case .negative: return "a size must not be negative"
            }
        }
    }
}

extension ConfigDecoder {
    /// A byte size (`512MB`, `1GiB`, base 2 as Prometheus' `units.Base2Bytes`).
    func byteSize(_ node: ConfigNode, path: String) -> Int64? {
        guard let text = string(node, path: path) else { return nil }
        switch ByteSize.parse(text) {
        case .success(let bytes): return bytes
        case .failure(let failure):
            error(failure.text, at: node.location, path: path)
            return nil
        }
    }
}

extension ConfigMapping {
    func byteSize(_ key: String) -> Int64? { self[key].flatMap { decoder.byteSize($0, path: path(key)) } }
}
