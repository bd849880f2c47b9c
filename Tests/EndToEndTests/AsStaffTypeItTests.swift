import Foundation
import Testing
import TestSupport

/// Ids, names, days and channels as staff type them (issue 14, points 8
/// and 11-13): one person per id whatever its case, names wherever ids
/// are taken, typos caught before anything is recorded.
@Suite("As staff type it, end to end")
struct AsStaffTypeItTests {
    let scratch = TemporaryDirectory()

    /// The fixture register and more rows: two Sophies, a Will Jones, a
    /// child whose Facebook consent is declined.
    func workspace(extra: [String] = [
        "P201,Sophie,Adams,pupil,given,given,given,,none,2026-09-01,2036-08-31,,,,office,2026-09-03,paper form",
        "P202,Sophie,Brown,pupil,given,given,given,,none,2026-09-01,2036-08-31,,,,office,2026-09-03,paper form",
        "P104,Will,Jones,pupil,given,given,given,,none,2026-09-01,2036-08-31,,,,office,2026-09-03,paper form",
        "T7,Tom,Seven,pupil,declined,given,given,,none,2026-09-01,2036-08-31,,,,office,2026-09-03,paper form",
    ]) throws -> TestWorkspace {
        let fixture = try TestWorkspace()
        let base = try String(contentsOfFile: Fixture.register, encoding: .utf8)
        let file = try scratch.write(Array((base + extra.joined(separator: "\n") + "\n").utf8), to: "register.csv")
        let imported = try fixture.run(["register", "import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        return fixture
    }

    func submit(_ fixture: TestWorkspace, _ flags: [String]) throws -> ChildProcess {
        try fixture.run(["submit", Fixture.sportsDay] + flags)
    }

    // MARK: point 8

    @Test func idsThatDifferOnlyInCaseAreOnePerson() throws {
        let fixture = try workspace()
        // A file with T7 and t7 is refused whole, naming both lines.
        let base = try String(contentsOfFile: Fixture.register, encoding: .utf8)
        let clash = try scratch.write(Array((base
            + "T7,Tom,Seven,pupil,declined,given,given,,none,2026-09-01,2036-08-31,,,,office,2026-09-03,paper form\n"
            + "t7,Tim,Seven,pupil,given,given,given,,none,2026-09-01,2036-08-31,,,,office,2026-09-03,paper form\n").utf8),
                                        to: "clash.csv")
        let refused = try fixture.run(["register", "import", clash])
        #expect(refused.status == 1)
        let lines = base.split(separator: "\n").count
        #expect(refused.stderr.contains("line \(lines + 2): id t7 appears again, first on line \(lines + 1) (as T7"), "\(refused.stderr)")
        #expect(try fixture.query("SELECT id FROM person WHERE lower(id) = 't7'") == ["T7"])
        // t7 is T7, whose Facebook consent is declined.
        let result = try submit(fixture, ["--people", "t7", "--json"])
        #expect(result.status == 3 && result.stdout.contains("person.no-consent"), "\(result.stdout)")
        // A later file spelling it t7 updates T7, it does not add a second person.
        let respelt = try scratch.write(Array((base
            + "t7,Tom,Seven,pupil,given,given,given,,none,2026-09-01,2036-08-31,,,,office,2026-09-04,paper form\n").utf8),
                                        to: "respelt.csv")
        #expect(try fixture.run(["register", "import", respelt]).status == 0)
        #expect(try fixture.query("SELECT id FROM person WHERE lower(id) = 't7'") == ["T7"])
        #expect(try fixture.query("SELECT status FROM consent WHERE person_id = 'T7' AND channel = 'facebook'") == ["given"])
    }

    // MARK: point 11

    @Test func showAndWithdrawTakeNamesAndIdsInAnyCase() throws {
        let fixture = try workspace()
        let byName = try fixture.run(["register", "show", "will jones"])
        #expect(byName.status == 0 && byName.stdout.contains("Will Jones (P104)"), "\(byName.stdout)\(byName.stderr)")
        let byID = try fixture.run(["register", "show", "p104"])
        #expect(byID.status == 0 && byID.stdout.contains("Will Jones (P104)"))
        let withdrawn = try fixture.run(["register", "withdraw", "Will Jones", "--channel", "facebook"])
        #expect(withdrawn.status == 0 && withdrawn.stdout.contains("consent of P104 for facebook"), "\(withdrawn.stderr)")
        #expect(try fixture.query("SELECT withdrawn_on IS NOT NULL FROM consent WHERE person_id = 'P104' AND channel = 'facebook'") == ["1"])
        let ambiguous = try fixture.run(["register", "show", "Sophie"])
        #expect(ambiguous.status == 2 && ambiguous.stderr.contains("Sophie Adams (P201), Sophie Brown (P202)"), "\(ambiguous.stderr)")
    }

    // MARK: point 12

    @Test func typosAndAmbiguousNamesAreCaughtBeforeAnythingIsRecorded() throws {
        let fixture = try workspace()
        let typo = try submit(fixture, ["--people", "P10A"])
        #expect(typo.status == 2, "\(typo.stdout)")
        #expect(typo.stderr.contains("Did you mean Will Jones (P104)?"), "\(typo.stderr)")
        let ambiguous = try submit(fixture, ["--people", "P001,Sophie"])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("could be 2 people: Sophie Adams (P201), Sophie Brown (P202)"), "\(ambiguous.stderr)")
        let manifest = try scratch.write(Array("people: [Will Jonse]\n".utf8), to: "typo.yaml")
        let viaManifest = try submit(fixture, ["--manifest", manifest])
        #expect(viaManifest.status == 2 && viaManifest.stderr.contains("Did you mean Will Jones (P104)?"), "\(viaManifest.stderr)")
        #expect(try fixture.query("SELECT count(*) FROM ledger WHERE decision <> 'changed'") == ["0"], "nothing is recorded")
        #expect(fixture.files(under: "rejected").isEmpty && fixture.files(under: "published").isEmpty)
        // Ids in any case and full names are accepted.
        #expect(try submit(fixture, ["--people", "p104,amara okafor"]).status == 0)
    }

    // MARK: point 13

    @Test func daysAndChannelsAsStaffWriteThem() throws {
        let fixture = try workspace()
        let british = try fixture.run(["register", "withdraw", "P104", "--channel", "facebook,website", "--on", "01/12/2026"])
        #expect(british.status == 0, "\(british.stderr)")
        #expect(try fixture.query("SELECT channel || ' ' || withdrawn_on FROM consent WHERE person_id = 'P104' AND withdrawn_on IS NOT NULL ORDER BY channel")
                == ["facebook 2026-12-01", "website 2026-12-01"])
        let all = try fixture.run(["register", "withdraw", "P201", "--channel", "all", "--on", "2026-12-02"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(try fixture.query("SELECT count(*) FROM consent WHERE person_id = 'P201' AND withdrawn_on = '2026-12-02'") == ["4"])
        let badDay = try fixture.run(["register", "withdraw", "P202", "--channel", "facebook", "--on", "31/02/2026"])
        #expect(badDay.status == 2 && badDay.stderr.contains("01/12/2026") && badDay.stderr.contains("2026-12-01"), "\(badDay.stderr)")
        // A channel in capitals is the channel; a wrong one shows submit's usage, not the top level's.
        let capital = try submit(fixture, ["--nobody", "--channel", "Facebook", "--json"])
        #expect(capital.status == 0, "\(capital.stdout)\(capital.stderr)")
        let wrong = try submit(fixture, ["--nobody", "--channel", "Instagram"])
        #expect(wrong.status == 2 && wrong.stderr.contains("Usage: consentgate submit"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("SUBCOMMANDS"))
    }
}
