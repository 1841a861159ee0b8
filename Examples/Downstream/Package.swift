// swift-tools-version: 6.3
// A package that depends on KinkCheck as a user's does, and so sees only its public API: what
// docs/variants.md and docs/properties.md show must build and pass here
// (`scripts/downstream.sh`, run by CI).
import PackageDescription

let package = Package(
    name: "MyActivations",
    dependencies: [
        .package(name: "KinkCheck", path: "../.."),
    ],
    targets: [
        .target(name: "MyActivations", dependencies: [.product(name: "KinkCheck", package: "KinkCheck")]),
        .testTarget(name: "MyActivationsTests", dependencies: [
            "MyActivations", .product(name: "KinkCheck", package: "KinkCheck"),
            .product(name: "KinkCheckTesting", package: "KinkCheck"),
        ]),
    ]
)
