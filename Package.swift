// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Gatehouse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .library(name: "GatehouseCore", targets: ["GatehouseCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Pure domain: policy, business time. No I/O beyond reading time-zone data.
        .target(
            name: "GatehouseCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The command-line tool and composition root.
        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "GatehouseCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Performance benchmarks: `swift run -c release gatehouse-bench`.
        .executableTarget(
            name: "gatehouse-bench",
            dependencies: ["GatehouseCore"],
            path: "Benchmarks/CalendarBenchmark"
        ),
        .testTarget(
            name: "GatehouseCoreTests",
            dependencies: ["GatehouseCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "gatehouseTests",
            dependencies: ["gatehouse", "GatehouseCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
