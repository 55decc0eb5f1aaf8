// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vantage",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vantage", targets: ["vantage"]),
        .library(name: "VantageCore", targets: ["VantageCore"]),
        .library(name: "VantageModels", targets: ["VantageModels"]),
        .library(name: "VantageDatasets", targets: ["VantageDatasets"]),
        .library(name: "VantageBacktest", targets: ["VantageBacktest"]),
        .library(name: "VantageReport", targets: ["VantageReport"]),
        .library(name: "VantageSkew", targets: ["VantageSkew"]),
        .library(name: "VantageSpark", targets: ["VantageSpark"]),
        .library(name: "VantagePipeline", targets: ["VantagePipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The system SQLite (libsqlite3-dev), linked directly: a source of tables and the run store.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // The system OpenSSL's libcrypto (libssl-dev), for SHA-256 of inputs at hardware speed.
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", providers: [.apt(["libssl-dev"])]),
        // Memory hints Swift cannot say (C): a cache prefetch for the random-access
        // gathers, and handing freed malloc memory back to the system.
        .target(name: "CPrefetch"),
        .target(
            name: "VantageCore",
            dependencies: ["CSQLite", "CCrypto", "CPrefetch", "VantageSupport", .product(name: "Yams", package: "Yams")]
        ),
        // Small helpers both the engine and the models need (neither may depend on the other).
        .target(name: "VantageSupport"),
        .target(name: "VantageModels", dependencies: ["VantageSupport"]),
        // Datasets draws from the models' seeded generator (one xoshiro256** in the package).
        .target(name: "VantageDatasets", dependencies: ["VantageCore", "VantageModels"]),
        .target(name: "VantageBacktest", dependencies: ["VantageCore", "VantageModels"]),
        // The run history in SQLite.
        .target(name: "VantageStore", dependencies: ["CSQLite", "VantageCore", "VantageBacktest"]),
        // Train-serve skew: served values against the point-in-time replay.
        .target(name: "VantageSkew", dependencies: ["VantageCore"]),
        // Report writers (HTML, Markdown, SVG, notebook): no modelling in here.
        .target(name: "VantageReport", dependencies: ["VantageBacktest", "VantageCore", "VantageModels"]),
        // The whole job in one process (sweep → backtest → record → report), as the commands run it.
        .target(name: "VantagePipeline", dependencies: ["VantageCore", "VantageBacktest", "VantageStore", "VantageReport"]),
        // The Spark engine: a spec compiled into a PySpark program, and the runner behind
        // `vantage sweep --engine spark`.
        .target(name: "VantageSpark", dependencies: ["VantageCore"]),
        .executableTarget(
            name: "vantage",
            dependencies: [
                "VantageCore", "VantageDatasets", "VantageModels", "VantageBacktest", "VantageStore", "VantageReport", "VantageSkew",
                "VantageSpark", "VantagePipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "VantageCoreTests",
            dependencies: ["VantageCore", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "VantageModelsTests",
            dependencies: ["VantageModels", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "VantageDatasetsTests", dependencies: ["VantageDatasets", "VantageCore", "VantageModels"]),
        .testTarget(name: "VantageBacktestTests", dependencies: ["VantageBacktest", "VantageCore", "VantageModels", "VantagePipeline", "VantageStore"]),
        .testTarget(name: "VantageStoreTests", dependencies: ["VantageStore", "VantageBacktest", "VantageCore"]),
        .testTarget(name: "VantageReportTests", dependencies: ["VantageReport", "VantageBacktest", "VantageCore"]),
        .testTarget(name: "VantageSkewTests", dependencies: ["VantageSkew", "VantageCore", "VantageDatasets"]),
        .testTarget(name: "VantageSparkTests", dependencies: ["VantageSpark", "VantageCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["VantageCore", "vantage"]),
    ]
)
