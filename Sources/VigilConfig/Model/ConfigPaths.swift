/// File path helpers matching Go's `filepath.Dir` and Prometheus' `config.JoinDir`, so that
/// relative paths in a config file resolve the way Prometheus resolves them.
public enum ConfigPaths {
    /// The folder of `file`: `"."` for a bare file name, `"/"` for a file at the root.
    public static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        if slash == file.startIndex { return "/" }
        var dir = String(file[..<slash])
        while dir.count > 1, dir.hasSuffix("/") { dir.removeLast() }
        return dir
    }

    /// `path` unchanged when absolute or empty, else `directory/path` (`./` dropped).
    public static func join(_ directory: String, _ path: String) -> String {
        if path.isEmpty || path.hasPrefix("/") { return path }
        if directory.isEmpty || directory == "." { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}
