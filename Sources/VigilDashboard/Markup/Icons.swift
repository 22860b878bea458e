/// Small stroke icons (24 × 24, drawn with `currentColor`).
public enum Icons {
    static func icon(_ path: String) -> HTML {
        HTML(raw: "<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\">\(path)</svg>")
    }

    static let info = icon("<circle cx=\"12\" cy=\"12\" r=\"9\"/><path d=\"M12 11v6M12 7.5v.5\"/>")
    static let explore = icon("<circle cx=\"11\" cy=\"11\" r=\"6.5\"/><path d=\"M16 16l4.5 4.5\"/>")
    static let expand = icon("<path d=\"M14 4h6v6M10 20H4v-6M20 4l-7 7M4 20l7-7\"/>")
    static let image = icon("<rect x=\"3.5\" y=\"4.5\" width=\"17\" height=\"15\" rx=\"2\"/><path d=\"M3.5 16l5-5 4 4 2.5-2.5 5.5 5.5\"/>")
    static let clock = icon("<circle cx=\"12\" cy=\"12\" r=\"8.5\"/><path d=\"M12 7.5V12l3 2\"/>")
    static let refresh = icon("<path d=\"M19.5 12a7.5 7.5 0 1 1-2.2-5.3M19.5 4.5v4h-4\"/>")
    static let left = icon("<path d=\"M14.5 6l-6 6 6 6\"/>")
    static let right = icon("<path d=\"M9.5 6l6 6-6 6\"/>")
    static let zoomOut = icon("<circle cx=\"11\" cy=\"11\" r=\"6.5\"/><path d=\"M16 16l4.5 4.5M8 11h6\"/>")
    static let moon = icon("<path d=\"M19.5 14.5A8 8 0 0 1 9.5 4.5a8 8 0 1 0 10 10z\"/>")
    static let sun = icon("<circle cx=\"12\" cy=\"12\" r=\"4\"/><path d=\"M12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4\"/>")
    static let back = icon("<path d=\"M10 6l-6 6 6 6M4 12h16\"/>")
    /// The Vigil mark: a pulse line in a rounded square.
    static let logo = HTML(raw: "<svg viewBox=\"0 0 32 32\" aria-hidden=\"true\"><rect width=\"32\" height=\"32\" rx=\"7\" fill=\"#3d71d9\"/><path d=\"M4 17h6l3-8 5 15 3-7h7\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2.6\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/></svg>")
}
