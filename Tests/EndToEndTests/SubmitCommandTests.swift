import Foundation
import Testing
import TestSupport

/// The gate as a designated member of staff uses it: the built binary, a
/// workspace made from Fixtures, real photos, exiftool as the oracle.
@Suite("consentgate submit, end to end")
struct SubmitCommandTests {
    let scratch = TemporaryDirectory()
    var fixture: TestWorkspace!
    var workspace: String { fixture.root }

    func run(_ arguments: [String]) throws -> ChildProcess {
        try fixture.run(arguments)
    }

    /// init, the register, and the account running the tests as a designated person.
    mutating func setUp(designate: Bool = true) throws {
        fixture = try TestWorkspace(designate: designate)
    }

    func submit(_ photo: String, _ flags: [String]) throws -> (ChildProcess, [String: Any]) {
        let result = try run(["submit", Paths.fixture("photos/" + photo), "--json"] + flags)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        return (result, object)
    }

    func files(under folder: String) -> [String] { fixture.files(under: folder) }

    func sha256(_ path: String) throws -> String { try EndToEndTests.sha256(path) }

    @Test mutating func approvedPhotosArePublishedCleanAndArchivedPrivately() throws {
        try setUp()
        for (photo, flags) in [("school-trip.jpg", ["--nobody"]),
                               ("sports-day.jpg", ["--people", "P001,P002", "--caption", "Amara on sports day"]),
                               ("class-flag.png", ["--manifest", Fixture.classFlagManifest])] {
            let (result, json) = try submit(photo, flags)
            #expect(result.status == 0, "\(photo): \(result.stdout) \(result.stderr)")
            #expect(json["decision"] as? String == "approved")
            let derivative = try #require(json["derivative"] as? String)
            #expect(derivative.hasPrefix(workspace + "/published/facebook/"))
            let tags = try Exiftool.tags(of: derivative)
            #expect(Exiftool.findings(in: tags) == [], "\(photo): \(Exiftool.findings(in: tags))")
            #expect(json["sha256"] as? String == (try sha256(Paths.fixture("photos/" + photo))))
        }
        let archived = files(under: "archive")
        #expect(archived.count == 3)
        for file in archived {
            var info = stat()
            #expect(stat(file, &info) == 0 && info.st_mode & 0o777 == 0o600, "\(file) must be private")
        }
        #expect(files(under: "rejected").isEmpty)
    }

    /// Each kind of refusal leaves the original and its reasons in rejected/, and nothing in published/.
    @Test(arguments: [
        ("tagged-ruby.jpg", [String](), "person.no-consent"),
        ("tagged-isla-mwg.jpg", [], "person.do-not-publish"),
        ("reading-corner.jpg", ["--manifest", "Fixtures/manifests/reading-corner.yaml"], "person.consent-withdrawn"),
        ("bake-sale.jpg", ["--manifest", "Fixtures/manifests/bake-sale.yaml"], "caption.contact-details"),
        ("assembly.jpg", ["--manifest", "Fixtures/manifests/assembly.yaml"], "caption.names-person"),
        ("half-copied.jpg", ["--nobody"], "image.truncated"),
        ("drawing.jpg", ["--nobody"], "image.unsupported-format"),
        ("sports-day.jpg", ["--people", "P004"], "person.no-consent"),
        ("sports-day.jpg", ["--people", "P007"], "person.consent-expired"),
        ("sports-day.jpg", [], "people.undeclared"),
        ("tagged-amara-mp.jpg", ["--people", "P002"], "people.tags-disagree"),
    ])
    mutating func eachRejectionLeavesTheOriginalAndItsReasons(photo: String, flags: [String], code: String) throws {
        try setUp()
        let (result, json) = try submit(photo, flags)
        #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
        #expect(json["decision"] as? String == "rejected")
        #expect(json["derivative"] is NSNull)
        let reasons = try #require(json["reasons"] as? [[String: Any]])
        #expect(reasons.contains { $0["code"] as? String == code }, "\(reasons)")
        #expect(reasons.allSatisfy { ($0["message"] as? String)?.isEmpty == false })
        let folder = try #require(json["rejectedFolder"] as? String)
        #expect(try sha256(folder + "/" + photo) == (try sha256(Paths.fixture("photos/" + photo))))
        let text = try String(contentsOfFile: folder + "/reasons.txt", encoding: .utf8)
        #expect(text.contains("[\(code)]"))
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/reasons.json"))) as? [String: Any]
        #expect((saved?["reasons"] as? [[String: Any]])?.contains { $0["code"] as? String == code } == true)
        #expect(files(under: "published").isEmpty && files(under: "archive").isEmpty)
    }

    @Test mutating func posterWhoIsNotDesignatedIsRejected() throws {
        try setUp(designate: false)
        let (result, json) = try submit("school-trip.jpg", ["--nobody"])
        #expect(result.status == 3)
        #expect((json["reasons"] as? [[String: Any]])?.first?["code"] as? String == "poster.not-designated")
        #expect(files(under: "published").isEmpty)
    }

    @Test mutating func nothingIsEverInBothPlaces() throws {
        try setUp()
        let run = try run(["submit", "--nobody"] + ["school-trip.jpg", "class-flag.png", "half-copied.jpg", "drawing.jpg"].map { Paths.fixture("photos/" + $0) })
        #expect(run.status == 3)
        let published = Set(try files(under: "archive").map(sha256))
        let rejected = Set(try files(under: "rejected").filter { !$0.hasSuffix(".txt") && !$0.hasSuffix(".json") }.map(sha256))
        #expect(published.count == 2 && rejected.count == 2)
        #expect(published.isDisjoint(with: rejected))
        #expect(files(under: "published").count == 2)
    }

    /// A submit killed between writing a derivative's temporary file and
    /// renaming it leaves a dot file in published/: the next submit removes
    /// it (its writer is gone), so no half-written photo waits to be posted.
    @Test mutating func halfWrittenDerivativeOfAKilledSubmitIsRemovedByTheNext() throws {
        try setUp()
        let folder = workspace + "/published/facebook"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let abandoned = folder + "/.2026-11-25-0123456789ab.jpg.2147483000.12345.tmp"  // beyond any pid_max
        try Data([0xFF, 0xD8, 0xFF]).write(to: URL(fileURLWithPath: abandoned))
        let (result, _) = try submit("school-trip.jpg", ["--nobody"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(files(under: "published").count == 1)
    }

    @Test mutating func resubmissionIsIdempotent() throws {
        try setUp()
        let (first, one) = try submit("sports-day.jpg", ["--people", "P001"])
        let (second, two) = try submit("sports-day.jpg", ["--people", "P001"])
        #expect(first.status == 0 && second.status == 0)
        #expect(one["derivative"] as? String == two["derivative"] as? String)
        #expect(two["repeated"] as? Bool == true)
        #expect(files(under: "published").count == 1)
        let (_, rejectedOnce) = try submit("tagged-ruby.jpg", [])
        let (_, rejectedTwice) = try submit("tagged-ruby.jpg", [])
        #expect(rejectedTwice["repeated"] as? Bool == true)
        #expect(rejectedOnce["rejectedFolder"] as? String == rejectedTwice["rejectedFolder"] as? String)
        #expect(try run(["ledger", "verify"]).status == 0)
        let decisions = try ChildProcess.run("/usr/bin/sqlite3", [workspace + "/consentgate.sqlite", "SELECT count(*) FROM ledger WHERE decision <> 'changed'"])
        #expect(decisions.stdout == "2\n", "one entry per distinct decision: \(decisions.stdout)")
    }

    @Test mutating func consentWithdrawnAfterApprovalChangesTheNextDecision() throws {
        try setUp()
        #expect(try submit("sports-day.jpg", ["--people", "P001"]).0.status == 0)
        #expect(try run(["register", "withdraw", "P001", "--channel", "facebook"]).status == 0)
        let (again, json) = try submit("sports-day.jpg", ["--people", "P001"])
        #expect(again.status == 3)
        #expect((json["reasons"] as? [[String: Any]])?.first?["code"] as? String == "person.consent-withdrawn")
    }

    @Test mutating func usageErrorsExitTwo() throws {
        try setUp()
        #expect(try run(["submit", Fixture.sportsDay, "--nobody", "--people", "P001"]).status == 2)
        #expect(try run(["submit", Fixture.sportsDay, "--channel", "instagram"]).status == 2)
        let badManifest = try scratch.write(Array("people: [P001]\nwho: me\n".utf8), to: "bad.yaml")
        let result = try run(["submit", Fixture.sportsDay, "--manifest", badManifest])
        #expect(result.status == 2 && result.stderr.contains("unknown field \"who\""))
    }

    /// A row edited behind the program's back (triggers dropped with sqlite3)
    /// is found, and named, by `ledger verify`.
    @Test mutating func editedLedgerRowIsNamedByVerify() throws {
        try setUp()
        _ = try run(["submit", "--nobody"] + ["school-trip.jpg", "half-copied.jpg", "class-flag.png"].map { Paths.fixture("photos/" + $0) })
        #expect(try run(["ledger", "verify"]).status == 0)
        let database = workspace + "/consentgate.sqlite"
        // The second photo's entry (the staff and register changes come first).
        let second = try ChildProcess.run("/usr/bin/sqlite3", [database, "SELECT seq FROM ledger WHERE decision <> 'changed' ORDER BY seq LIMIT 1 OFFSET 1"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let blocked = try ChildProcess.run("/usr/bin/sqlite3", [database, "UPDATE ledger SET decision = 'approved' WHERE seq = \(second);"])
        #expect(blocked.status != 0 && blocked.stderr.contains("append-only"), "the trigger stops an ordinary edit")
        let deleteBlocked = try ChildProcess.run("/usr/bin/sqlite3", [database, "DELETE FROM ledger WHERE seq = 1;"])
        #expect(deleteBlocked.status != 0)
        let tamper = try ChildProcess.run("/usr/bin/sqlite3", [database, """
            DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;
            UPDATE ledger SET decision = 'approved', reasons = '[]' WHERE seq = \(second);
            """])
        #expect(tamper.status == 0, "\(tamper.stderr)")
        let verify = try run(["ledger", "verify"])
        #expect(verify.status == 3)
        #expect(verify.stdout.contains("row \(second) "), "\(verify.stdout)")
    }

    /// A photo's decision, or a change of staff or register (the same chain), deleted behind the program's back.
    @Test(arguments: ["<> 'changed'", "= 'changed'"]) mutating func deletedLedgerRowIsFound(kind: String) throws {
        try setUp()
        _ = try run(["submit", "--nobody"] + ["school-trip.jpg", "half-copied.jpg", "class-flag.png"].map { Paths.fixture("photos/" + $0) })
        let database = workspace + "/consentgate.sqlite"
        let seq = try ChildProcess.run("/usr/bin/sqlite3", [database, "SELECT seq FROM ledger WHERE decision \(kind) ORDER BY seq LIMIT 1 OFFSET 1"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!seq.isEmpty)
        _ = try ChildProcess.run("/usr/bin/sqlite3", [database, "DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq = \(seq);"])
        let verify = try run(["ledger", "verify"])
        #expect(verify.status == 3 && verify.stdout.contains("row \(seq) is missing"), "\(verify.stdout)")
    }
}
