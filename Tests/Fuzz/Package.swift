// swift-tools-version: 6.0
// libFuzzer targets for every parser that reads untrusted bytes. Built with
// `swift build --sanitize=fuzzer --sanitize=address` (see docs/hostile-input.md, "Fuzzing");
// each target is a main.swift holding only LLVMFuzzerTestOneInput.
import PackageDescription

let package = Package(
    name: "consentgate-fuzz",
    dependencies: [.package(name: "consentgate", path: "../..")],
    targets: [
        .executableTarget(name: "FuzzExif", dependencies: [.product(name: "ConsentGateFuzzing", package: "consentgate")]),
        .executableTarget(name: "FuzzReadback", dependencies: [.product(name: "ConsentGateFuzzing", package: "consentgate")]),
        .executableTarget(name: "FuzzPeopleTags", dependencies: [.product(name: "ConsentGateFuzzing", package: "consentgate")]),
        .executableTarget(name: "FuzzManifest", dependencies: [.product(name: "ConsentGateFuzzing", package: "consentgate")]),
        .executableTarget(name: "FuzzRegister", dependencies: [.product(name: "ConsentGateFuzzing", package: "consentgate")]),
        .executableTarget(name: "FuzzCaption", dependencies: [.product(name: "ConsentGateFuzzing", package: "consentgate")]),
        .executableTarget(name: "FuzzRender", dependencies: [.product(name: "ConsentGateFuzzing", package: "consentgate")]),
    ]
)
