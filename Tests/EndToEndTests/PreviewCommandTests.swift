import Foundation
import Testing
import TestSupport

/// The built binary, run as a person would run it.
@Suite("consentgate preview, end to end")
struct PreviewCommandTests {
    func run(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess.run(Paths.binary, arguments, directory: Paths.packageRoot)
    }

    @Test func bundledPhotosArePreviewedOrRefusedWithTheirReasons() throws {
        let scratch = TemporaryDirectory()
        let photos = ["sports-day.jpg", "school-trip.jpg", "class-flag.png", "half-copied.jpg", "drawing.jpg"].map { Paths.fixture("photos/" + $0) }
        let result = try run(["preview", "--out", scratch.path, "--config", Paths.config, "--json"] + photos)
        #expect(result.status == 3, "some photos are refused: \(result.stderr)")
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 5)
        let byName = Dictionary(uniqueKeysWithValues: lines.compactMap { $0 }.map { (($0["file"] as! NSString).lastPathComponent, $0) })
        #expect(byName["half-copied.jpg"]?["result"] as? String == "refused")
        #expect((byName["half-copied.jpg"]?["reasons"] as? [[String: String]])?.first?["code"] == "image.truncated")
        #expect((byName["drawing.jpg"]?["reasons"] as? [[String: String]])?.first?["code"] == "image.unsupported-format")
        for name in ["sports-day.jpg", "school-trip.jpg", "class-flag.png"] {
            let output = try #require(byName[name]?["output"] as? String, "\(name) was not rendered")
            let tags = try Exiftool.tags(of: output)
            #expect(Exiftool.findings(in: tags) == [], "\(name): \(Exiftool.findings(in: tags))")
        }
        #expect((byName["school-trip.jpg"]?["removed"] as? [String])?.contains("GPS location") == true)
    }

    @Test func allRenderedExitsZeroWithReadableLines() throws {
        let scratch = TemporaryDirectory()
        let result = try run(["preview", "--out", scratch.path, Fixture.sportsDay])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("rendered  sports-day.jpg"))
        #expect(result.stdout.contains("turned upright (EXIF orientation 6)"))
    }

    @Test func symbolicLinkIsRefusedAndItsTargetUntouched() throws {
        let scratch = TemporaryDirectory()
        let link = scratch.file("link.jpg")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Fixture.schoolTrip)
        let result = try run(["preview", "--out", scratch.file("out"), link])
        #expect(result.status == 3)
        #expect(result.stdout.contains("file.symbolic-link"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("out/link.preview.jpg")))
    }

    /// Refused from its header: the process never holds 280 megapixels
    /// (one byte each) in memory.
    @Test func giantImageIsRefusedWithoutDecoding() throws {
        let scratch = TemporaryDirectory()
        let result = try run(["preview", "--out", scratch.path, Paths.corpus("sharp-fixtures/giant-image.jpg")])
        #expect(result.status == 3)
        #expect(result.stdout.contains("image.too-large"))
        #expect(result.maxResidentKiB < 100 * 1024, "peak \(result.maxResidentKiB) KiB")
    }

    @Test func usageErrorsExitTwoWithoutAStackTrace() throws {
        let result = try run(["preview", "--no-such-option", "x.jpg"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Usage"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func badConfigurationIsAOneLineFailure() throws {
        let scratch = TemporaryDirectory()
        let config = try scratch.write(Array("watermark:\n  opacity: 7\n  text: x\n".utf8), to: "bad.yaml")
        let result = try run(["preview", "--config", config, "--out", scratch.path, Fixture.sportsDay])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("consentgate: "))
        #expect(result.stderr.contains("watermark.opacity"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func unknownChannelIsAFailureNamingTheChoices() throws {
        let result = try run(["preview", "--channel", "instagram", "--out", "/tmp", Fixture.sportsDay])
        #expect(result.status == 1)
        #expect(result.stderr.contains("facebook"))
    }
}
