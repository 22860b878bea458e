import Foundation

/// File globs as Prometheus expands `rule_files`, `file_sd_configs.files` and (in Vigil)
/// `dashboard_files`: Go's `filepath.Glob` — `*` (any run of characters but `/`), `?` (one
/// such character), `[abc]`, `[a-z]`, `[^a-z]`, and `\` to escape — after relative patterns
/// are joined with the config file's folder.
public enum Glob {
    /// The existing paths matching `pattern`, sorted within each folder as Go does. A
    /// relative pattern is taken relative to `directory` (usually
    /// `VigilConfiguration.directory`) and the paths returned start with it. A pattern
    /// without wildcards gives itself when the file exists, nothing otherwise.
    public static func expand(_ pattern: String, relativeTo directory: String) throws(GlobError) -> [String] {
        try expand(ConfigPaths.join(directory, pattern))
    }

    /// Whether `pattern` keeps `*` to its last path element, as Prometheus requires of rule
    /// files (`^[^*]*(\*[^/]*)?$`).
    public static func isValidPattern(_ pattern: String) -> Bool {
        guard let star = pattern.firstIndex(of: "*") else { return true }
        return !pattern[star...].contains("/")
    }

    /// Whether `pattern` is acceptable to file service discovery: a rule-file pattern that
    /// ends in `.json`, `.yml` or `.yaml` (`^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$`).
    public static func isValidFileSDPattern(_ pattern: String) -> Bool {
        let extensions = [".json", ".yml", ".yaml", ".JSON", ".YML", ".YAML"]
        return extensions.contains { pattern.hasSuffix($0) } && isValidPattern(pattern)
    }

    /// Whether a single file name matches a one-element pattern (Go's `filepath.Match`).
    public static func matches(_ pattern: String, name: String) throws(GlobError) -> Bool {
        let p = Array(pattern.unicodeScalars)
        try validate(p, pattern: pattern)
        return match(p[...], Array(name.unicodeScalars)[...])
    }

    // MARK: - Expansion

    private static func expand(_ path: String) throws(GlobError) -> [String] {
        guard hasWildcards(path) else {
            return FileManager.default.fileExists(atPath: path) ? [path] : []
        }
        let (directory, element) = split(path)
        let pattern = Array(element.unicodeScalars)
        try validate(pattern, pattern: path)
        let directories = hasWildcards(directory) ? try expand(directory) : [directory]
        var matches: [String] = []
        for folder in directories {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
                  let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names.sorted() where match(pattern[...], Array(name.unicodeScalars)[...]) {
                matches.append(folder == "." ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name)
            }
        }
        return matches
    }

    private static func hasWildcards(_ path: String) -> Bool {
        path.contains { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "\\" }
    }

    /// Go's filepath.Split plus cleanGlobPath: the folder ("." when none) and the last element.
    private static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let element = String(path[path.index(after: slash)...])
        var directory = String(path[...slash])
        if directory != "/" { directory.removeLast() }
        return (directory, element)
    }

    // MARK: - Matching

    private static func validate(_ p: [Unicode.Scalar], pattern: String) throws(GlobError) {
        var i = 0
        while i < p.count {
            switch p[i] {
            case "\\":
                guard i + 1 < p.count else { throw GlobError(pattern: pattern) }
                i += 2
            case "[":
                guard let end = classEnd(p, from: i) else { throw GlobError(pattern: pattern) }
                i = end
            default:
                i += 1
            }
        }
    }

    /// The index after the `]` closing the class that starts at `start`, nil when malformed
    /// (empty, unclosed, or an item starting with `-` or `]`, as Go refuses).
    private static func classEnd(_ p: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start + 1
        if i < p.count, p[i] == "^" { i += 1 }
        var items = 0
        while i < p.count {
            if p[i] == "]", items > 0 { return i + 1 }
            guard let afterLow = classChar(p, at: i) else { return nil }
            i = afterLow
            if i < p.count, p[i] == "-" {
                guard let afterHigh = classChar(p, at: i + 1) else { return nil }
                i = afterHigh
            }
            items += 1
        }
        return nil
    }

    private static func classChar(_ p: [Unicode.Scalar], at i: Int) -> Int? {
        guard i < p.count, p[i] != "-", p[i] != "]" else { return nil }
        if p[i] == "\\" { return i + 1 < p.count ? i + 2 : nil }
        return i + 1
    }

    private static func classMatches(_ p: [Unicode.Scalar], from start: Int, _ c: Unicode.Scalar) -> Bool {
        var i = start + 1
        var negated = false
        if p[i] == "^" { negated = true; i += 1 }
        var matched = false
        var first = true
        while first || p[i] != "]" {
            first = false
            var low = p[i]
            if low == "\\" { i += 1; low = p[i] }
            i += 1
            var high = low
            if p[i] == "-" {
                i += 1
                high = p[i]
                if high == "\\" { i += 1; high = p[i] }
                i += 1
            }
            if low <= c && c <= high { matched = true }
        }
        return matched != negated
    }

    private static func match(_ p: ArraySlice<Unicode.Scalar>, _ n: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = p.first else { return n.isEmpty }
        switch first {
        case "*":
            let rest = p.drop { $0 == "*" }
            var candidate = n
            while true {
                if match(rest, candidate) { return true }
                guard let next = candidate.first, next != "/" else { return false }
                candidate = candidate.dropFirst()
            }
        case "?":
            guard let c = n.first, c != "/" else { return false }
            return match(p.dropFirst(), n.dropFirst())
        case "[":
            let whole = Array(p)
            guard let c = n.first, c != "/", let end = classEnd(whole, from: 0),
                  classMatches(whole, from: 0, c) else { return false }
            return match(p.dropFirst(end), n.dropFirst())
        case "\\":
            guard p.count > 1, let c = n.first, c == p[p.startIndex + 1] else { return false }
            return match(p.dropFirst(2), n.dropFirst())
        default:
            guard let c = n.first, c == first else { return false }
            return match(p.dropFirst(), n.dropFirst())
        }
    }
}

/// A glob pattern that is malformed (Go's `filepath.ErrBadPattern`).
public struct GlobError: Error, Sendable, Hashable, CustomStringConvertible {
    public var pattern: String

    public init(pattern: String) {
        self.pattern = pattern
    }

    /// `syntax error in pattern "…"`.
    public var description: String { "syntax error in pattern \"\(pattern)\"" }
}
