// swift-tools-version: 6.3
import PackageDescription

let package = Package(
    name: "KinkCheck",
    products: [
        .library(name: "KinkCheck", targets: ["KinkCheck"]),
        .library(name: "KinkCheckTesting", targets: ["KinkCheckTesting"]),
        .executable(name: "kinkcheck", targets: ["kinkcheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        // Variant files (`--variants FILE`) are TOML.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // MPFR + GMP from the system (apt: libmpfr-dev, libgmp-dev). See Sources/CMPFR/README.md.
        .systemLibrary(
            name: "CMPFR",
            pkgConfig: "mpfr",
            providers: [.apt(["libmpfr-dev", "libgmp-dev"])]
        ),
        // The layers, bottom to top; each target depends only on those before it, so a back-edge
        // is a compile error (docs/architecture.md). `scripts/house.sh` prints the graph.
        .target(name: "KinkCheckSupport"),
        .target(name: "BigFloat", dependencies: ["CMPFR"]),
        // Scalars and activations: the module a variant author imports.
        .target(
            name: "KinkCheck",
            dependencies: [
                "KinkCheckSupport", "BigFloat",
                .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .target(name: "KinkCheckGeneration", dependencies: ["KinkCheck"]),
        .target(name: "KinkCheckProperties", dependencies: ["KinkCheckGeneration"]),
        .target(name: "KinkCheckAnalysis", dependencies: ["KinkCheck"]),
        .target(name: "KinkCheckVerification", dependencies: ["KinkCheckProperties", "KinkCheckAnalysis"]),
        .target(name: "KinkCheckSamples", dependencies: ["KinkCheckGeneration", "KinkCheckAnalysis"]),
        .target(name: "KinkCheckReports", dependencies: ["KinkCheckVerification", "KinkCheckSamples"]),
        // One-line verification of an activation inside a user's Swift Testing test.
        .target(name: "KinkCheckTesting", dependencies: ["KinkCheckVerification"]),
        // Plain C loops over MPFR: the baseline `kinkcheck bench ops` measures BigFloat against.
        .target(name: "CMPFRBench", dependencies: ["CMPFR"]),
        .executableTarget(
            name: "kinkcheck",
            dependencies: [
                "KinkCheckReports", "CMPFRBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "BigFloatTests", dependencies: ["BigFloat", "BigFloatTestSupport"], resources: [.copy("Fixtures")]),
        // Compiled with -O: the value-semantics and memory suites check that copy-on-write holds
        // under the optimizer (BigFloat's @inlinable code is inlined and optimized into them),
        // within the one debug build of `swift test`. Test targets are in no product, so the
        // unsafe flag does not reach packages that depend on KinkCheck.
        .testTarget(name: "BigFloatOptimizedTests", dependencies: ["BigFloat", "BigFloatTestSupport"],
                    swiftSettings: [.unsafeFlags(["-O"])]),
        // Helpers both BigFloat test targets use (in no product).
        .target(name: "BigFloatTestSupport", dependencies: ["BigFloat"], path: "Tests/BigFloatTestSupport"),
        .testTarget(name: "KinkCheckTests", dependencies: ["KinkCheckReports", "KinkCheckTesting"], resources: [.copy("Fixtures")]),
        // The executable from outside (arguments in; status, stdout, stderr out). No package module:
        // the tests find `kinkcheck` in the products folder, building it if missing (see
        // Tests/kinkcheckCLITests/CommandLineSupport.swift).
        .testTarget(name: "kinkcheckCLITests"),
    ]
)
