import Foundation
import Testing
import TestSupport

/// The gate looks at the faces rather than trusting the declaration (issue
/// 18, first part): more faces than people declared, or no way to look,
/// is held for a reviewer; nothing is published meanwhile.
@Suite("Faces the declaration does not account for are held")
struct FacesTests {
    let workspace: TestWorkspace
    var scratch: TemporaryDirectory { workspace.scratch }

    init() throws { workspace = try TestWorkspace() }

    func submit(_ photo: String, _ flags: [String], environment: [String: String] = [:]) throws -> (ChildProcess, [String: Any]) {
        let result = try workspace.run(["submit", photo, "--json"] + flags, environment: environment)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        return (result, object)
    }

    func codes(_ json: [String: Any]) -> [String] { (json["reasons"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? [] }
    func messages(_ json: [String: Any]) -> [String] { (json["reasons"] as? [[String: Any]])?.compactMap { $0["message"] as? String } ?? [] }

    /// Three people side by side, from the fixture.
    func group() throws -> String {
        let path = scratch.file("group.jpg")
        let joined = try ChildProcess.run("/usr/bin/vips", ["arrayjoin", [Fixture.astronaut, Fixture.astronaut, Fixture.astronaut].joined(separator: " "),
                                                             path, "--across", "3"])
        #expect(joined.status == 0, "\(joined.stderr)")
        return path
    }

    @Test func aFaceDeclaredAsNobodyIsHeldAndNothingIsPublished() throws {
        let (result, json) = try submit(Fixture.astronaut, ["--nobody"])
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(json["decision"] as? String == "held" && codes(json) == ["faces.undeclared"], "\(json)")
        #expect(messages(json).first?.hasPrefix("1 face in the photo, 0 people declared.") == true, "\(messages(json))")
        #expect(workspace.files(under: "published").isEmpty)
        // What waits for the reviewer: the original, the derivative the gate would publish, the reasons with the face's box.
        let folder = try #require(json["heldFolder"] as? String)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == ["astronaut.jpg", "derivative.jpg", "reasons.json", "reasons.txt"], "\(files)")
        let reasons = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/reasons.json"))) as? [String: Any]
        #expect((reasons?["faces"] as? [[String: Any]])?.count == 1, "\(reasons ?? [:])")
        let rows = try workspace.query("SELECT decision || ' ' || reasons FROM ledger WHERE decision <> 'changed'")
        #expect(rows.count == 1 && rows[0].hasPrefix("held ") && rows[0].contains("faces.undeclared"), "\(rows)")
        // The derivative is not published, and carries no location either.
        #expect(try Exiftool.tags(of: folder + "/derivative.jpg").keys.allSatisfy { !$0.contains("GPS") })
        // The same submission again is the same held photo, not a second one.
        let (again, repeated) = try submit(Fixture.astronaut, ["--nobody"])
        #expect(again.status == 3 && repeated["repeated"] as? Bool == true && repeated["heldFolder"] as? String == folder
                && codes(repeated) == ["faces.undeclared"], "\(again.stdout)")
        #expect(try workspace.query("SELECT count(*) FROM ledger WHERE decision = 'held'") == ["1"])
        // The audit lists it, and its age; waiting is not a finding.
        let audit = try workspace.run(["audit"])
        #expect(audit.status == 0 && audit.stdout.contains("HELD FOR REVIEW (not published) (1)")
                && audit.stdout.contains("held/\((folder as NSString).lastPathComponent)/  [facebook, held since "), "\(audit.stdout)")
    }

    @Test func aShortDeclarationIsHeldAndAFullOneIsPublished() throws {
        let photo = try group()
        let (short, json) = try submit(photo, ["--people", "P001"])
        #expect(short.status == 3 && json["decision"] as? String == "held", "\(short.stdout)\(short.stderr)")
        #expect(messages(json).first?.hasPrefix("3 faces in the photo, 1 person declared.") == true, "\(messages(json))")
        let (full, approved) = try submit(photo, ["--people", "P001,P002,S001"])
        #expect(full.status == 0 && approved["decision"] as? String == "approved", "\(full.stdout)\(full.stderr)")
        #expect(workspace.files(under: "published").count == 1)
        // One person declared for one face: published.
        let (one, single) = try submit(Fixture.astronaut, ["--people", "P001"])
        #expect(one.status == 0 && single["decision"] as? String == "approved", "\(one.stdout)\(one.stderr)")
    }

    /// A gate that cannot look says so and holds the photo, even one with nobody in it.
    @Test func whereTheDetectorCannotRunEveryPhotoIsHeld() throws {
        let (result, json) = try submit(Fixture.sportsDay, ["--nobody"], environment: ["CONSENTGATE_FACE_DETECTOR": scratch.file("none")])
        #expect(result.status == 3 && json["decision"] as? String == "held" && codes(json) == ["faces.unchecked"], "\(result.stdout)")
        #expect(messages(json).first?.contains("the face detector is not installed") == true, "\(messages(json))")
        #expect(workspace.files(under: "published").isEmpty)
        // A refusal still wins: a child without consent is rejected, not held.
        let (refused, rejected) = try submit(Fixture.taggedRuby, [], environment: ["CONSENTGATE_FACE_DETECTOR": scratch.file("none")])
        #expect(refused.status == 3 && rejected["decision"] as? String == "rejected", "\(refused.stdout)")
    }

    /// Dropped in an inbox, the photo is held and its owner told so in replies/.
    @Test func aHeldPhotoFromAnInboxIsAnsweredAsHeld() throws {
        try FileManager.default.copyItem(atPath: Fixture.astronaut, toPath: workspace.inbox + "/visit.jpg")
        try Data("nobody: true\n".utf8).write(to: URL(fileURLWithPath: workspace.inbox + "/visit.yaml"))
        let watched = try workspace.run(["watch", "--once"])
        #expect(watched.status == 0, "\(watched.stderr)")
        let replies = workspace.replies()
        #expect(replies.keys.sorted() == ["visit.jpg - held for review.txt"], "\(replies.keys)")
        #expect(replies.values.first?.contains("1 face in the photo, 0 people declared") == true)
        #expect(workspace.waitingInInboxes.isEmpty && workspace.files(under: "published").isEmpty)
    }
}
