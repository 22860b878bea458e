/// Hides secrets in configuration text before a page shows it, as Prometheus' and
/// Alertmanager's config pages print `<secret>` for passwords, tokens and webhook URLs.
enum ConfigRedaction {
    /// Keys whose values are secrets in prometheus.yml and alertmanager.yml (Go `Secret`
    /// and `SecretURL` fields); `*_file` variants hold paths and stay visible.
    static let secretKeys: Set<String> = [
        "password", "bearer_token", "credentials", "client_secret", "api_key", "auth_token", "routing_key", "service_key",
        "token", "secret", "api_url", "webhook_url", "bot_token", "user_key", "apikey", "private_key",
    ]

    /// `text` with the value of every secret key (block or `key: value` inside a line)
    /// replaced by `<secret>`; comments and layout are kept.
    static func redact(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(redactLine(line))
        }
        return lines.joined(separator: "\n")
    }

    private static func redactLine(_ line: Substring) -> Substring {
        var rest = line.drop { $0 == " " || $0 == "\t" }
        while rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
        guard let colon = rest.firstIndex(of: ":") else { return line }
        var key = rest[..<colon]
        if key.count >= 2, let quote = key.first, quote == "\"" || quote == "'", key.last == quote { key = key.dropFirst().dropLast() }
        guard secretKeys.contains(String(key)) else { return line }
        let value = rest[rest.index(after: colon)...].drop { $0 == " " }
        // A key with nothing after it opens a block (or is empty): nothing to hide.
        guard !value.isEmpty, !value.hasPrefix("#") else { return line }
        return line[..<rest.index(after: colon)] + " <secret>"
    }
}
