/// A config file that loaded, with the warnings found on the way.
public struct LoadedConfig: Sendable, Hashable {
    public var config: VigilConfiguration
    /// In file order; nothing in them stops Vigil from running.
    public var warnings: [ConfigWarning]

    public init(config: VigilConfiguration, warnings: [ConfigWarning] = []) {
        self.config = config
        self.warnings = warnings
    }
}
