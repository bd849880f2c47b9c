import Foundation
import Imaging
import ImageStructure
import Testing
import TestSupport

/// Every real-world image we have either becomes a derivative in which
/// exiftool finds nothing but the school's own tags, or is refused with the
/// code that says why.
@Suite("Every corpus image: a clean derivative or a specific refusal")
struct CorpusTests {
    /// The corpus files that must be refused, and the code they must get.
    static let expectedRefusals: [String: ImageRefusal.Code] = [
        "GIF.gif": .unsupportedFormat,
        "JXL.jxl": .unsupportedFormat,
        "JXL2.jxl": .unsupportedFormat,
        // 623 bytes: the HEIC's item locations point past the end of the file.
        "QuickTime.heic": .truncated,
        "giant-image.jpg": .tooLarge,
        "truncated.jpg": .truncated,
        "truncated.png": .truncated,
        // 1024 bytes, whose first segment announces 9544: cut off, not scrambled.
        "corrupt-header.jpg": .truncated,
    ]

    static let files = Paths.corpusFiles("exiftool-images") + Paths.corpusFiles("sharp-fixtures")

    @Test func corpusIsPresent() {
        #expect(Self.files.count >= 70, "expected the shared corpus at \(Paths.corpus)")
    }

    @Test(arguments: files)
    func cleanOrRefused(path: String) throws {
        let name = (path as NSString).lastPathComponent
        switch try Render.file(path) {
        case .failure(let refusal):
            #expect(refusal.code == Self.expectedRefusals[name], "\(name) refused: \(refusal)")
            #expect(!refusal.message.isEmpty)
        case .success(let derivative):
            #expect(Self.expectedRefusals[name] == nil, "\(name) should have been refused")
            let scratch = TemporaryDirectory()
            let output = try scratch.write(derivative.jpeg, to: "derivative.jpg")
            let tags = try Exiftool.tags(of: output)
            #expect(Exiftool.dangerous(tags) == [], "\(name): exiftool found \(Exiftool.dangerous(tags))")
            #expect(Exiftool.findings(in: tags) == [], "\(name): exiftool found \(Exiftool.findings(in: tags))")
            #expect(tags["IFD0:Artist"] == Render.school.artist)
            #expect(tags["File:ColorComponents"] == "3")
            #expect(max(derivative.width, derivative.height) <= 2048)
        }
    }

    /// The exiftool images carry GPS and the derivative proves it went.
    @Test func gpsSourcesReallyHadGPS() throws {
        for name in ["GPS.jpg", "Apple.jpg", "GoPro.jpg", "Google.jpg", "Ricoh2.jpg"] {
            let path = Paths.corpus("exiftool-images/" + name)
            let before = try Exiftool.tags(of: path)
            #expect(before.keys.contains { $0.hasPrefix("GPS:") }, "\(name) has no GPS to remove")
            let derivative = try Render.file(path).get()
            #expect(derivative.source.removed.contains("GPS location"))
        }
    }
}
