import VigilModel

/// The "Last error" table cell of the Status and Alerts pages: the time and the message,
/// or an empty cell.
enum LastErrorCell {
    static func render(_ message: String?, at time: Timestamp?, context: PageContext) -> HTML {
        guard let message else { return HTML("<td></td>") }
        let at = time.map { TimeText.dateTime($0, offsetSeconds: context.offsetSeconds) + ": " } ?? ""
        return HTML("<td class=\"err-text\">\(at + message)</td>")
    }
}
