import Foundation
import Testing
import TestSupport

/// The ways a photo or a caption of a child without consent got through
/// (issue 14), each tried again through the built binary.
@Suite("Consent holes, end to end")
struct ConsentHoleTests {
    let scratch = TemporaryDirectory()

    func submit(_ fixture: TestWorkspace, _ path: String, _ flags: [String],
                environment: [String: String] = [:]) throws -> (ChildProcess, [String: Any]) {
        let result = try fixture.run(["submit", path, "--json"] + flags, environment: environment)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        return (result, object)
    }

    func codes(_ json: [String: Any]) -> [String] {
        (json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    /// An iPhone-style HEIC whose XMP names a child whose Facebook consent is
    /// declined, declared as showing nobody.
    @Test func aChildTaggedInAHEICIsSeen() throws {
        let fixture = try TestWorkspace()
        let photo = scratch.file("tagged.heic")
        try FileManager.default.copyItem(atPath: Paths.fixture("bad/small-crop.heic"), toPath: photo)
        let tag = try ChildProcess.run("/usr/bin/exiftool", ["-q", "-overwrite_original",
                                                            "-XMP-iptcExt:PersonInImageWDetails={PersonName=Ruby Clarke}", photo])
        #expect(tag.status == 0, "\(tag.stderr)")
        let (result, json) = try submit(fixture, photo, ["--nobody"])
        #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
        #expect(json["decision"] as? String == "rejected")
        #expect(codes(json).contains("people.tags-disagree"), "\(codes(json))")
        #expect(fixture.files(under: "published").isEmpty)
    }
}
