// swift-tools-version: 6.1
import PackageDescription

// One executable, one module per part of the architecture (see docs/architecture.md).
// A module depends only on modules below it:
//   VigilModel ← VigilExposition, VigilStorage, VigilPromQL, VigilConfig
//              ← VigilScrape, VigilRules, VigilDashboard ← VigilServer ← vigil
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "vigil",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "VigilModel",
            swiftSettings: strict
        ),
        .target(
            name: "VigilExposition",
            dependencies: ["VigilModel"],
            swiftSettings: strict
        ),
        .target(
            name: "VigilStorage",
            dependencies: [
                "VigilModel", "CSQLite",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VigilPromQL",
            dependencies: ["VigilModel"],
            swiftSettings: strict
        ),
        .target(
            name: "VigilConfig",
            dependencies: ["VigilModel", "Yams"],
            swiftSettings: strict
        ),
        .target(
            name: "VigilScrape",
            dependencies: [
                "VigilModel", "VigilExposition", "VigilConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VigilRules",
            dependencies: [
                "VigilModel", "VigilPromQL", "VigilConfig", "Yams",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VigilDashboard",
            dependencies: ["VigilModel", "VigilPromQL", "VigilConfig"],
            swiftSettings: strict
        ),
        .target(
            name: "VigilServer",
            dependencies: [
                "VigilModel", "VigilExposition", "VigilStorage", "VigilPromQL", "VigilConfig",
                "VigilScrape", "VigilRules", "VigilDashboard",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilServer", "VigilConfig", "VigilStorage", "VigilPromQL", "VigilRules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Shared fixtures for tests: in-memory Appender/Queryable, a manual clock.
        .target(
            name: "VigilTestSupport",
            dependencies: ["VigilModel"],
            path: "Tests/VigilTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "VigilModelTests", dependencies: ["VigilModel"], swiftSettings: strict),
        .testTarget(
            name: "VigilExpositionTests",
            dependencies: ["VigilExposition", "VigilTestSupport"],
            exclude: ["Testdata"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VigilStorageTests",
            dependencies: ["VigilStorage", "VigilExposition", "VigilTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VigilPromQLTests",
            dependencies: ["VigilPromQL", "VigilTestSupport"],
            exclude: ["Testdata"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VigilConfigTests",
            dependencies: ["VigilConfig"],
            exclude: ["Testdata"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VigilScrapeTests",
            dependencies: ["VigilScrape", "VigilTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VigilRulesTests",
            dependencies: ["VigilRules", "VigilTestSupport"],
            exclude: ["Testdata"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VigilDashboardTests",
            dependencies: ["VigilDashboard", "VigilTestSupport"],
            exclude: ["Testdata"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VigilServerTests",
            dependencies: [
                "VigilServer", "VigilTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "VigilModel", "VigilTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),

        .testTarget(
            name: "DifferentialTests",
            dependencies: [
                "VigilModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),

        // Microbenchmarks (parse, encode, decode, query): `make bench`.
        .executableTarget(
            name: "vigil-bench",
            dependencies: ["VigilModel", "VigilExposition", "VigilStorage", "VigilPromQL", "VigilDashboard"],
            path: "Benchmarks/vigil-bench",
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
