// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Gatehouse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .library(name: "GatehouseCore", targets: ["GatehouseCore"]),
        .library(name: "GatehouseMail", targets: ["GatehouseMail"]),
        .library(name: "GatehouseStore", targets: ["GatehouseStore"]),
        .library(name: "GatehouseDesk", targets: ["GatehouseDesk"]),
        .library(name: "GatehouseWeb", targets: ["GatehouseWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // Pure domain: policy, business time. No I/O beyond reading time-zone data.
        .target(
            name: "GatehouseCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Reading and writing email (RFC 5322 / MIME), and handing it to mail servers. No database.
        .target(
            name: "GatehouseMail",
            dependencies: [
                "GatehouseCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Persistence: one SQLKit code path over SQLite (default) and PostgreSQL.
        .target(
            name: "GatehouseStore",
            dependencies: [
                "GatehouseCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The use cases that join Core and Store: the scheduler, later intake and outbox.
        .target(
            name: "GatehouseDesk",
            dependencies: [
                "GatehouseCore",
                "GatehouseMail",
                "GatehouseStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTP server: JSON API, pages, auth, health and metrics.
        .target(
            name: "GatehouseWeb",
            dependencies: [
                "GatehouseCore",
                "GatehouseMail",
                "GatehouseDesk",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Ink", package: "Ink"),
            ],
            resources: [.copy("Resources/Examples"), .copy("Resources/Templates"), .copy("Resources/Assets"), .copy("Resources/Guide"),
                        .copy("Resources/openapi.yaml")]
        ),
        // The command-line tool and composition root.
        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "GatehouseCore",
                "GatehouseMail",
                "GatehouseStore",
                "GatehouseDesk",
                "GatehouseWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Performance benchmarks: `swift run -c release gatehouse-bench`.
        .executableTarget(
            name: "gatehouse-bench",
            dependencies: ["GatehouseCore"],
            path: "Benchmarks/CalendarBenchmark"
        ),
        // The help suggestion benchmark: `swift run -c release gatehouse-help-bench`.
        .executableTarget(
            name: "gatehouse-help-bench",
            dependencies: ["GatehouseCore"],
            path: "Benchmarks/HelpBenchmark"
        ),
        // Fills a database for the API benchmark (Benchmarks/api/run.sh).
        .executableTarget(
            name: "gatehouse-api-seed",
            dependencies: ["GatehouseCore", "GatehouseStore", .product(name: "SQLKit", package: "sql-kit")],
            path: "Benchmarks/APISeed"
        ),
        // Writes a generated mailbox for the intake benchmark (Benchmarks/intake/run.sh).
        .executableTarget(
            name: "gatehouse-mail-corpus",
            dependencies: ["GatehouseTestSupport"],
            path: "Benchmarks/MailCorpus"
        ),
        // The outbox benchmark: SMTP throughput and a window's start (Benchmarks/outbox/run.sh).
        .executableTarget(
            name: "gatehouse-pages-seed",
            dependencies: ["GatehouseCore", "GatehouseStore", "GatehouseDesk", "GatehouseWeb",
                           .product(name: "SQLKit", package: "sql-kit")],
            path: "Benchmarks/PagesSeed"
        ),
        // Fills a database for the booking page benchmark (Benchmarks/booking/run.sh).
        .executableTarget(
            name: "gatehouse-booking-seed",
            dependencies: ["GatehouseCore", "GatehouseStore", "GatehouseDesk", .product(name: "SQLKit", package: "sql-kit")],
            path: "Benchmarks/BookingSeed"
        ),
        // The monthly report benchmark (Benchmarks/report/run.sh).
        .executableTarget(
            name: "gatehouse-report-bench",
            dependencies: ["GatehouseCore", "GatehouseStore", "GatehouseDesk", .product(name: "SQLKit", package: "sql-kit")],
            path: "Benchmarks/ReportBenchmark"
        ),
        .executableTarget(
            name: "gatehouse-outbox-bench",
            dependencies: ["GatehouseCore", "GatehouseMail", "GatehouseStore", "GatehouseDesk", "GatehouseTestSupport"],
            path: "Benchmarks/OutboxBenchmark"
        ),
        .testTarget(
            name: "GatehouseCoreTests",
            dependencies: ["GatehouseCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "GatehouseMailTests",
            dependencies: ["GatehouseMail", "GatehouseCore", "GatehouseTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        // Test support shared by the test targets: databases on both engines, mail servers, and the
        // one desk fixture (`TestDesk`) every suite starts from.
        .target(
            name: "GatehouseTestSupport",
            dependencies: ["GatehouseStore", "GatehouseCore", "GatehouseMail", "GatehouseDesk"],
            path: "Tests/Support"
        ),
        .testTarget(
            name: "GatehouseStoreTests",
            dependencies: ["GatehouseStore", "GatehouseCore", "GatehouseTestSupport"]
        ),
        .testTarget(
            name: "GatehouseDeskTests",
            dependencies: ["GatehouseDesk", "GatehouseMail", "GatehouseStore", "GatehouseCore", "GatehouseTestSupport"]
        ),
        .testTarget(
            name: "GatehouseWebTests",
            dependencies: [
                "GatehouseWeb", "GatehouseDesk", "GatehouseStore", "GatehouseCore", "GatehouseTestSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "gatehouseTests",
            dependencies: ["gatehouse", "GatehouseCore", "GatehouseMail", "GatehouseStore", "GatehouseTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
