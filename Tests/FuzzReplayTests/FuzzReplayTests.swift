import ConsentGateFuzzing
import Foundation
import Testing
import TestSupport

/// The fuzz targets' bodies over the real-world corpus and every input a
/// fuzzer ever found (Tests/Fuzz/FailCases): in the ordinary test run, with
/// the same invariants (a derivative or a sanitized EXIF block is clean).
@Suite("Fuzz targets over the corpus and past findings")
struct FuzzReplayTests {
    static let images = Paths.corpusFiles("exiftool-images") + Paths.corpusFiles("sharp-fixtures")
        + ((try? FileManager.default.contentsOfDirectory(atPath: Fixture.photos)) ?? []).map { Paths.fixture("photos/" + $0) }

    static let failCases: [String] = {
        let folder = Paths.packageRoot + "/Tests/Fuzz/FailCases"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.map { folder + "/" + $0 }
    }()

    @Test(arguments: images + failCases)
    func everyParserSurvivesTheFile(path: String) throws {
        let bytes = try Paths.read(path)
        FuzzEntryPoints.readback(bytes)
        FuzzEntryPoints.exif(bytes)
        FuzzEntryPoints.peopleTags(bytes)
        if bytes.count < 400_000 { FuzzEntryPoints.render(bytes) }
    }

    @Test func textParsersSurviveTheFixtures() throws {
        let folders = ["manifests", "register", "register/broken", "captions"].map(Paths.fixture)
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.contains(".") {
                let bytes = try Paths.read(folder + "/" + name)
                FuzzEntryPoints.manifest(bytes)
                FuzzEntryPoints.register(bytes)
                FuzzEntryPoints.caption(bytes)
            }
        }
    }

    /// Every prefix of a real JPEG, and every single-byte corruption of its
    /// first kilobyte: the structure parsers never trap.
    @Test func truncationsAndBitFlipsOfARealPhoto() throws {
        let photo = try Paths.read(Paths.corpus("exiftool-images/Canon.jpg"))
        for length in stride(from: 0, to: photo.count, by: max(1, photo.count / 200)) {
            FuzzEntryPoints.readback(Array(photo.prefix(length)))
            FuzzEntryPoints.exif(Array(photo.prefix(length)))
        }
        for index in 0 ..< min(1024, photo.count) {
            var flipped = photo
            flipped[index] ^= 0xFF
            FuzzEntryPoints.readback(flipped)
        }
    }
}
