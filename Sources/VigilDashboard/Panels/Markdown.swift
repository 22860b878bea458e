/// A small, safe Markdown renderer for text panels: headings, paragraphs, emphasis,
/// inline code, fenced code, lists, quotes, rules, tables and links.
///
/// All text is escaped; raw HTML in the source shows as text. Links keep only `http`,
/// `https` and `mailto` URLs and relative ones (`/d/…`, `#x`, `?a=b`); others show as text.
public enum Markdown {
    /// The HTML for `source`.
    public static func render(_ source: String) -> HTML {
        var out = HTML.empty
        let lines = source.replacingTabs.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        var paragraph: [String] = []

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            out += HTML("<p>\(inline(paragraph.map(\.trimmingSpaces).joined(separator: " ")))</p>")
            paragraph = []
        }

        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty {
                flushParagraph()
                index += 1
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flushParagraph()
                let fence = String(trimmed.prefix(3))
                var code: [String] = []
                index += 1
                while index < lines.count, !lines[index].trimmingSpaces.hasPrefix(fence) {
                    code.append(lines[index])
                    index += 1
                }
                index += 1
                out += HTML("<pre><code>\(code.joined(separator: "\n"))</code></pre>")
                continue
            }
            if let level = headingLevel(trimmed) {
                flushParagraph()
                let text = String(trimmed.dropFirst(level).trimmingTrailing("#")).trimmingSpaces
                out += HTML(raw: "<h\(level)>") + inline(text) + HTML(raw: "</h\(level)>")
                index += 1
                continue
            }
            if isRule(trimmed) {
                flushParagraph()
                out += "<hr/>"
                index += 1
                continue
            }
            if trimmed.hasPrefix(">") {
                flushParagraph()
                var quoted: [String] = []
                while index < lines.count, lines[index].trimmingSpaces.hasPrefix(">") {
                    quoted.append(String(lines[index].trimmingSpaces.dropFirst()).trimmingSpaces)
                    index += 1
                }
                out += HTML("<blockquote>\(render(quoted.joined(separator: "\n")))</blockquote>")
                continue
            }
            if listMarker(trimmed) != nil {
                flushParagraph()
                let ordered = listMarker(trimmed)!.ordered
                var items: [String] = []
                while index < lines.count, let marker = listMarker(lines[index].trimmingSpaces), marker.ordered == ordered {
                    var item = String(lines[index].trimmingSpaces.dropFirst(marker.length))
                    index += 1
                    // Continuation lines are indented.
                    while index < lines.count, lines[index].hasPrefix("  "), listMarker(lines[index].trimmingSpaces) == nil,
                        !lines[index].trimmingSpaces.isEmpty
                    {
                        item += " " + lines[index].trimmingSpaces
                        index += 1
                    }
                    items.append(item)
                }
                let tag = ordered ? "ol" : "ul"
                out += HTML(raw: "<\(tag)>") + HTML.join(items.map { HTML("<li>\(inline($0.trimmingSpaces))</li>") }) + HTML(raw: "</\(tag)>")
                continue
            }
            if trimmed.hasPrefix("|"), index + 1 < lines.count, isTableSeparator(lines[index + 1].trimmingSpaces) {
                flushParagraph()
                let header = cells(trimmed)
                index += 2
                var rows: [[String]] = []
                while index < lines.count, lines[index].trimmingSpaces.hasPrefix("|") {
                    rows.append(cells(lines[index].trimmingSpaces))
                    index += 1
                }
                var table = HTML("<table><thead><tr>")
                for cell in header { table += HTML("<th>\(inline(cell))</th>") }
                table += "</tr></thead><tbody>"
                for row in rows {
                    table += "<tr>"
                    for cell in row { table += HTML("<td>\(inline(cell))</td>") }
                    table += "</tr>"
                }
                out += table + "</tbody></table>"
                continue
            }
            paragraph.append(line)
            index += 1
        }
        flushParagraph()
        return out
    }

    // MARK: - Blocks

    private static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        return rest.isEmpty || rest.first == " " ? hashes : nil
    }

    private static func isRule(_ line: String) -> Bool {
        let compact = line.filter { $0 != " " }
        guard compact.count >= 3, let first = compact.first, "-*_".contains(first) else { return false }
        return compact.allSatisfy { $0 == first }
    }

    private static func listMarker(_ line: String) -> (ordered: Bool, length: Int)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return (false, 2) }
        let digits = line.prefix { $0.isASCIIDigit }.count
        if digits > 0 && digits < 10 {
            let rest = line.dropFirst(digits)
            if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return (true, digits + 2) }
        }
        return nil
    }

    private static func isTableSeparator(_ line: String) -> Bool {
        line.hasPrefix("|") && line.contains("-") && line.allSatisfy { "|-: ".contains($0) }
    }

    private static func cells(_ line: String) -> [String] {
        var inner = Substring(line)
        if inner.hasPrefix("|") { inner = inner.dropFirst() }
        if inner.hasSuffix("|") { inner = inner.dropLast() }
        return inner.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
    }

    // MARK: - Inline

    /// Inline markup: code spans first (their content is literal), then links, then
    /// emphasis; everything else is escaped text.
    static func inline(_ text: String) -> HTML {
        var out = HTML.empty
        let chars = Array(text)
        var index = 0
        var plain = ""

        func flush() {
            if !plain.isEmpty {
                out += emphasis(plain)
                plain = ""
            }
        }

        while index < chars.count {
            let char = chars[index]
            if char == "\\", index + 1 < chars.count, "\\`*_[]()#+-.!~<>|".contains(chars[index + 1]) {
                plain.append(chars[index + 1])
                index += 2
                continue
            }
            if char == "`", let close = chars[(index + 1)...].firstIndex(of: "`") {
                flush()
                out += HTML("<code>\(String(chars[(index + 1)..<close]))</code>")
                index = close + 1
                continue
            }
            if char == "[", let link = parseLink(chars, at: index) {
                flush()
                if let url = safeURL(link.url) {
                    out += HTML("<a href=\"\(url)\"\(HTML(raw: url.hasPrefix("http") ? " rel=\"noopener noreferrer\" target=\"_blank\"" : ""))>") + emphasis(link.text) + "</a>"
                } else {
                    out += emphasis(link.text)
                }
                index = link.end
                continue
            }
            if char == "<", let close = chars[(index + 1)...].firstIndex(of: ">") {
                let candidate = String(chars[(index + 1)..<close])
                if (candidate.hasPrefix("http://") || candidate.hasPrefix("https://")) && !candidate.contains(" "), let url = safeURL(candidate) {
                    flush()
                    out += HTML("<a href=\"\(url)\" rel=\"noopener noreferrer\" target=\"_blank\">\(candidate)</a>")
                    index = close + 1
                    continue
                }
            }
            plain.append(char)
            index += 1
        }
        flush()
        return out
    }

    private static func parseLink(_ chars: [Character], at start: Int) -> (text: String, url: String, end: Int)? {
        var depth = 0
        var index = start
        var textEnd: Int?
        while index < chars.count {
            if chars[index] == "[" { depth += 1 }
            if chars[index] == "]" {
                depth -= 1
                if depth == 0 { textEnd = index; break }
            }
            index += 1
        }
        guard let textEnd, textEnd + 1 < chars.count, chars[textEnd + 1] == "(",
            let close = chars[(textEnd + 2)...].firstIndex(of: ")")
        else { return nil }
        let text = String(chars[(start + 1)..<textEnd])
        let url = String(chars[(textEnd + 2)..<close]).trimmingSpaces
        return (text, url, close + 1)
    }

    /// The URL if it is safe to link: http(s), mailto or relative; nil otherwise.
    static func safeURL(_ url: String) -> String? {
        let lower = url.lowercased()
        guard !url.isEmpty, !url.contains(" "), !url.contains("\\") else { return nil }
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return url }
        if url.hasPrefix("/") && !url.hasPrefix("//") { return url }
        if url.hasPrefix("#") || url.hasPrefix("?") || url.hasPrefix("./") { return url }
        return nil
    }

    /// `**strong**`, `__strong__`, `*em*`, `_em_`, `~~struck~~` in escaped text.
    private static func emphasis(_ text: String) -> HTML {
        var html = HTML.escape(text)
        html = replacePairs(html, marker: "**", tag: "strong")
        html = replacePairs(html, marker: "__", tag: "strong")
        html = replacePairs(html, marker: "~~", tag: "del")
        html = replacePairs(html, marker: "*", tag: "em")
        html = replacePairs(html, marker: "_", tag: "em", wordBoundary: true)
        return HTML(raw: html)
    }

    /// Replaces `marker…marker` pairs by a tag. Markers are ASCII punctuation and the
    /// text is already escaped, so the result stays safe markup.
    private static func replacePairs(_ text: String, marker: String, tag: String, wordBoundary: Bool = false) -> String {
        var parts = text.components(separatedByMarker: marker)
        guard parts.count >= 3 else { return text }
        var out = parts.removeFirst()
        var open = false
        while !parts.isEmpty {
            let part = parts.removeFirst()
            let canOpen = !open && !parts.isEmpty && !(part.first?.isWhitespace ?? true)
                && (!wordBoundary || !(out.last?.isLetter ?? false) && !(out.last?.isNumber ?? false))
            if canOpen {
                out += "<\(tag)>" + part
                open = true
            } else if open && !(out.last?.isWhitespace ?? true) {
                out += "</\(tag)>" + part
                open = false
            } else {
                out += marker + part
            }
        }
        if open {
            // An unpaired opener: undo it.
            if let range = out.lastRange(of: "<\(tag)>") { out.replaceSubrange(range, with: marker) }
        }
        return out
    }
}

extension String {
    var replacingTabs: String {
        contains("\t") ? split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ") : self
    }

    func trimmingTrailing(_ set: String) -> String {
        var out = Substring(self)
        while let last = out.last, set.contains(last) { out = out.dropLast() }
        return String(out)
    }

    func components(separatedByMarker marker: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: marker) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    func lastRange(of needle: String) -> Range<String.Index>? {
        var found: Range<String.Index>?
        var rest = self[...]
        while let range = rest.firstRange(of: needle) {
            found = range
            rest = rest[range.upperBound...]
        }
        return found
    }
}

extension Substring {
    func trimmingTrailing(_ set: String) -> Substring {
        var out = self
        while let last = out.last, set.contains(last) { out = out.dropLast() }
        return out
    }
}
