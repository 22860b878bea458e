/// A colour a dashboard names: `green`, `dark-red`, `#e02f44`, `#abc`.
///
/// Always a validated `#rrggbb`, so it can go into SVG attributes without escaping.
public struct PanelColor: Sendable, Hashable, CustomStringConvertible {
    /// `#rrggbb`, lower case.
    public let hex: String

    /// The colour a name or hex code denotes, or nil.
    public init?(_ text: String) {
        let name = text.trimmingSpaces.lowercased()
        if let named = PanelColor.named[name] {
            hex = named
            return
        }
        let bytes = Array(name.utf8)
        guard bytes.first == UInt8(ascii: "#"), bytes.count == 4 || bytes.count == 7,
            bytes.dropFirst().allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { return nil }
        if bytes.count == 4 {
            hex = "#" + bytes.dropFirst().map { String(repeating: String(UnicodeScalar($0)), count: 2) }.joined()
        } else {
            hex = name
        }
    }

    init(validHex: String) {
        hex = validHex
    }

    public var description: String { hex }

    /// Grafana's named colours (its visualization palette), so dashboards read the same.
    static let named: [String: String] = [
        "green": "#73bf69", "dark-green": "#37872d", "semi-dark-green": "#56a64b", "light-green": "#96d98d",
        "red": "#f2495c", "dark-red": "#c4162a", "semi-dark-red": "#e02f44", "light-red": "#ff7383",
        "orange": "#ff9830", "dark-orange": "#fa6400", "semi-dark-orange": "#ff780a", "light-orange": "#ffb357",
        "yellow": "#fade2a", "dark-yellow": "#e0b400", "semi-dark-yellow": "#f2cc0c", "light-yellow": "#ffee52",
        "blue": "#5794f2", "dark-blue": "#1f60c4", "semi-dark-blue": "#3274d9", "light-blue": "#8ab8ff",
        "purple": "#b877d9", "dark-purple": "#8f3bb8", "semi-dark-purple": "#a352cc", "light-purple": "#ca95e5",
        "cyan": "#6ed0e0", "teal": "#26a69a", "grey": "#8e8e8e", "gray": "#8e8e8e",
    ]

    public static let green = PanelColor(validHex: "#73bf69")
    public static let red = PanelColor(validHex: "#f2495c")
    public static let orange = PanelColor(validHex: "#ff9830")
    public static let yellow = PanelColor(validHex: "#fade2a")
    public static let blue = PanelColor(validHex: "#5794f2")
    public static let grey = PanelColor(validHex: "#8e8e8e")

    /// The series palette: distinct hues that read on light and dark backgrounds, in the
    /// order series take them (green, yellow, blue first, as Grafana's classic palette).
    public static let palette: [PanelColor] = [
        "#73bf69", "#f2cc0c", "#5794f2", "#ff9830", "#f2495c", "#b877d9", "#6ed0e0", "#d683ce",
        "#1f78c1", "#ba43a9", "#508642", "#cca300", "#ef843c", "#e24d42", "#705da0", "#64b0c8",
        "#96d98d", "#ffb357", "#8ab8ff", "#ff7383", "#ca95e5", "#26a69a", "#9ac48a", "#e0b400",
    ].map(PanelColor.init(validHex:))

    /// The palette colour for the series at `index` (cycling).
    public static func series(_ index: Int) -> PanelColor {
        palette[((index % palette.count) + palette.count) % palette.count]
    }
}
