#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands file-SD globs like Go's `filepath.Glob` (the config allows `*` in the last path
/// element only). Stands in until VigilConfig's `Glob.expand(_:relativeTo:)` lands.
enum FileGlob {
    /// Absolute paths matching `pattern` (resolved against `directory` when relative),
    /// sorted. A pattern without wildcards yields itself when the file exists.
    static func expand(_ pattern: String, relativeTo directory: String) -> [String] {
        let absolute = pattern.hasPrefix("/") || directory.isEmpty ? pattern : directory + "/" + pattern
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(absolute, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let cString = result.gl_pathv[index] { paths.append(String(cString: cString)) }
        }
        return paths.sorted()
    }
}
