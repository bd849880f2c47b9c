// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "consentgate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "consentgate", targets: ["consentgate"]),
        // For Tests/Fuzz, the libFuzzer package.
        .library(name: "ConsentGateFuzzing", targets: ["ConsentGateFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // C libraries from Debian: libvips-dev, libexif-dev.
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .systemLibrary(name: "CExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // consentgate's own C, compiled over those libraries: fixed-arity
        // wrappers for what Swift cannot call (variadic functions, macros).
        .target(name: "CShims", dependencies: ["CVips", "CExif"]),

        // Pure Swift parsers of image containers (JPEG segments, TIFF/EXIF
        // directories, PNG chunks): the read-back check that trusts nothing
        // libvips or libexif produced.
        .target(name: "ImageStructure"),

        // The only module that touches C: owns and frees every pointer.
        .target(name: "Imaging", dependencies: ["CShims", "CVips", "CExif", "CZlib", "ImageStructure"]),

        // The domain: settings, files, the gate. No C types.
        .target(name: "ConsentGate", dependencies: [
            "Imaging", "ImageStructure",
            .product(name: "Yams", package: "Yams"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "SwiftCSV", package: "SwiftCSV"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        .executableTarget(name: "consentgate", dependencies: [
            "ConsentGate", "Imaging",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        // The fuzz targets' bodies: Tests/Fuzz wraps each in LLVMFuzzerTestOneInput.
        .target(name: "ConsentGateFuzzing", dependencies: ["ConsentGate", "Imaging", "ImageStructure"]),

        // Times consentgate beside vipsthumbnail and ImageMagick.
        .executableTarget(name: "consentgate-bench"),

        // Paths, the exiftool oracle, child processes: shared by the tests.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ImageStructureTests", dependencies: ["ImageStructure", "TestSupport"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "ImageStructure", "TestSupport"]),
        .testTarget(name: "ConsentGateTests", dependencies: [
            "ConsentGate", "Imaging", "TestSupport",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "PropertyBased", package: "swift-property-based"),
            .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "EndToEndTests", dependencies: ["ImageStructure", "TestSupport"]),
        .testTarget(name: "FuzzReplayTests", dependencies: ["ConsentGateFuzzing", "TestSupport"]),
    ]
)
