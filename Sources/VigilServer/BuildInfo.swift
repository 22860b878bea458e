/// What this binary is. SwiftPM cannot stamp a git revision without a build plugin, so
/// the version is bumped by hand with each release and the revision stays `unknown`.
public enum BuildInfo {
    public static let version = "0.1.0"
    public static let revision = "unknown"
    public static let branch = "main"
    #if compiler(>=6.3)
    public static let swiftVersion = "6.3"
    #else
    public static let swiftVersion = "6"
    #endif
    /// `vigil --version` output, in the shape `prometheus --version` prints.
    public static var versionText: String {
        "vigil, version \(version) (branch: \(branch), revision: \(revision))\n  swift version: \(swiftVersion)"
    }
}
