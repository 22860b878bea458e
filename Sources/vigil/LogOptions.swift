import ArgumentParser
import Logging
import VigilServer

extension LogFormat: ExpressibleByArgument {}

/// `--log.level` and `--log.format`, as Prometheus spells them.
struct LogOptions: ParsableArguments {
    @Option(name: .customLong("log.level"), help: "Only log messages with the given severity or above: debug, info, warn, error.")
    var level: LevelArgument = LevelArgument(.info)

    @Option(name: .customLong("log.format"), help: "Output format of log messages: logfmt or json.")
    var format: LogFormat = .logfmt

    /// Routes swift-log to standard error in the chosen format. Once per process.
    func bootstrap() {
        let level = level.level
        let format = format
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, format: format, level: level) }
    }
}

/// A log level as a command-line value.
struct LevelArgument: ExpressibleByArgument {
    let level: Logger.Level

    init(_ level: Logger.Level) { self.level = level }

    init?(argument: String) {
        guard let level = Logger.Level(flag: argument) else { return nil }
        self.level = level
    }

    var defaultValueDescription: String { level == .warning ? "warn" : level.rawValue }
    static var allValueStrings: [String] { ["debug", "info", "warn", "error"] }
}

/// A logger for one-shot commands, whose summary is their output: warnings and errors only.
func quietLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    return logger
}
