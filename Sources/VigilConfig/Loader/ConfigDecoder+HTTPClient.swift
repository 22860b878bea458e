extension ConfigDecoder {
    /// Keys of Prometheus' `HTTPClientConfig` (prometheus/common config) that Vigil reads;
    /// inline in scrape configs, Alertmanagers and remote write, `http_config` elsewhere.
    static let httpClientKeys = ["basic_auth", "authorization", "bearer_token", "bearer_token_file", "tls_config", "follow_redirects"]

    /// HTTP client settings from `m`, with prometheus/common's checks (HTTPClientConfig.Validate):
    /// one way to authenticate, `bearer_token(_file)` mapped to `authorization`, relative
    /// file paths joined with the config file's folder.
    func httpClient(_ m: ConfigMapping) -> HTTPClientConfig {
        var http = HTTPClientConfig()
        let directory = ConfigPaths.directory(of: file)
        if let followRedirects = m.bool("follow_redirects") { http.followRedirects = followRedirects }

        if let basic = m.mapping("basic_auth", keys: ["username", "password", "password_file"], sections: [.basicAuth]) {
            let password = basic.string("password")
            let passwordFile = basic.string("password_file").map { ConfigPaths.join(directory, $0) }
            if password?.isEmpty == false, passwordFile?.isEmpty == false {
                basic.error("at most one of basic_auth password & password_file must be configured")
            }
            http.basicAuth = BasicAuth(username: basic.string("username") ?? "", password: password, passwordFile: passwordFile)
        }

        let bearerToken = m.string("bearer_token") ?? ""
        let bearerTokenFile = m.string("bearer_token_file") ?? ""
        if !bearerToken.isEmpty, !bearerTokenFile.isEmpty {
            m.error("at most one of bearer_token & bearer_token_file must be configured", at: "bearer_token_file")
        }
        if http.basicAuth != nil, !bearerToken.isEmpty || !bearerTokenFile.isEmpty {
            m.error("at most one of basic_auth, bearer_token & bearer_token_file must be configured",
                    at: bearerToken.isEmpty ? "bearer_token_file" : "bearer_token")
        }

        if let auth = m.mapping("authorization", keys: ["type", "credentials", "credentials_file"], sections: [.authorization]) {
            var authorization = Authorization()
            let type = (auth.string("type") ?? "").trimmingSpaces
            if !type.isEmpty { authorization.type = type }
            authorization.credentials = auth.string("credentials")
            authorization.credentialsFile = auth.string("credentials_file").map { ConfigPaths.join(directory, $0) }
            if !bearerToken.isEmpty || !bearerTokenFile.isEmpty {
                auth.error("authorization is not compatible with bearer_token & bearer_token_file")
            } else if authorization.credentials?.isEmpty == false, authorization.credentialsFile?.isEmpty == false {
                auth.error("at most one of authorization credentials & credentials_file must be configured")
            } else if authorization.type.lowercased() == "basic" {
                auth.error(#"authorization type cannot be set to "basic", use "basic_auth" instead"#, at: "type")
            } else if http.basicAuth != nil {
                auth.error("at most one of basic_auth & authorization must be configured")
            }
            http.authorization = authorization
        } else if !bearerToken.isEmpty {
            http.authorization = Authorization(credentials: bearerToken)
        } else if !bearerTokenFile.isEmpty {
            http.authorization = Authorization(credentialsFile: ConfigPaths.join(directory, bearerTokenFile))
        }

        if let tls = m.mapping("tls_config", keys: ["ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"],
                               sections: [.tls]) {
            http.tls = tlsConfig(tls, directory: directory)
        }
        return http
    }

    private func tlsConfig(_ m: ConfigMapping, directory: String) -> TLSConfig {
        var tls = TLSConfig()
        tls.caFile = m.string("ca_file").map { ConfigPaths.join(directory, $0) }
        tls.certFile = m.string("cert_file").map { ConfigPaths.join(directory, $0) }
        tls.keyFile = m.string("key_file").map { ConfigPaths.join(directory, $0) }
        tls.serverName = m.string("server_name")
        tls.insecureSkipVerify = m.bool("insecure_skip_verify") ?? false
        // As prometheus/common TLSConfig.Validate: a client certificate needs its key.
        if tls.certFile?.isEmpty == false, tls.keyFile?.isEmpty != false {
            m.error("key_file must be configured when a client certificate is configured")
        } else if tls.keyFile?.isEmpty == false, tls.certFile?.isEmpty != false {
            m.error("cert_file must be configured when a client key is configured")
        }
        return tls
    }

    /// `http_config:` of Alertmanager-style sections (notifications), nested rather than inline.
    func nestedHTTPClient(_ m: ConfigMapping) -> HTTPClientConfig {
        guard let nested = m.mapping("http_config", keys: Self.httpClientKeys, sections: [.httpClient]) else {
            return HTTPClientConfig()
        }
        return httpClient(nested)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (Go's strings.TrimSpace for config text).
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
