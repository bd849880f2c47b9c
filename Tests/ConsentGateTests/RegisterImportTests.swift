import ConsentGate
import Foundation
import Testing
import TestSupport

@Suite("Register import")
struct RegisterImportTests {
    let scratch = TemporaryDirectory()
    var store: Store { get throws { try Store(path: scratch.file("consentgate.sqlite")) } }

    func importFile(_ path: String, into store: Store, format: RegisterFormat = RegisterFormat()) throws -> ImportSummary {
        try RegisterImport.run(path, format: format, into: store, by: "office")
    }

    /// Everything the database says about the register, to show an import changed nothing.
    func snapshot(_ store: Store) throws -> [String: (Person, [FieldChange])] {
        try store.register().people.mapValues { ($0, try store.history(of: $0.id)) }
    }

    @Test func canonicalFileImportsEveryone() throws {
        let store = try store
        let summary = try importFile(Fixture.register, into: store)
        #expect(summary.added.count == 11 && summary.rows == 11)
        let register = try store.register()
        #expect(register["P005"]?.withdrawnOn == Day(iso: "2026-10-15"))
        #expect(register["P006"]?.doNotPublish == true)
        #expect(register["P004"]?.consent(for: "facebook").status == .notReturned)
        #expect(register["P003"]?.consent(for: "facebook").status == .declined)
        #expect(register["V001"]?.kind == .other)
        #expect(register["S001"]?.naming == .full)
        #expect(register["P006"]?.restrictions == "Safeguarding: never publish, whatever the form says")
        #expect(try store.history(of: "P001").contains { $0.field == "consent_facebook" && $0.newValue == "given" && $0.source.contains("register.csv") })
    }

    @Test func reimportingTheSameFileChangesNothing() throws {
        let store = try store
        _ = try importFile(Fixture.register, into: store)
        let before = try snapshot(store)
        let summary = try importFile(Fixture.register, into: store)
        #expect(summary.changeCount == 0 && summary.unchanged == 11)
        let after = try snapshot(store)
        #expect(after.count == before.count)
        for (id, (person, history)) in before {
            #expect(after[id]?.0 == person)
            #expect(after[id]?.1 == history)
        }
    }

    @Test func newerExportRecordsEachChange() throws {
        let store = try store
        _ = try importFile(Fixture.register, into: store)
        var text = try String(contentsOfFile: Fixture.register, encoding: .utf8)
        text = text.replacingOccurrences(of: "P002,Oliver,Bennett,pupil,given", with: "P002,Oliver,Bennett,pupil,declined")
        text = text.split(separator: "\n").filter { !$0.hasPrefix("P004,") }.joined(separator: "\n") + "\n"
        text += "P009,Ava,Reid,pupil,given,given,given,given,first,2026-09-01,2036-08-31,,,,J. Reed (office),2026-11-20,paper form\n"
        let newer = try scratch.write(Array(text.utf8), to: "register-november.csv")
        let summary = try importFile(newer, into: store)
        #expect(summary.added == ["P009"])
        #expect(summary.changed["P002"] == ["consent_facebook"])
        #expect(summary.removed == ["P004"])
        let change = try #require(try store.history(of: "P002").last)
        #expect(change.field == "consent_facebook" && change.oldValue == "given" && change.newValue == "declined")
        #expect(change.source.contains("register-november.csv") && change.source.contains("office"))
        #expect(!change.changedAt.isEmpty)
        #expect(try store.register()["P004"]?.inRegister == false, "kept for the record, but no longer counts")
    }

    @Test func mappedExportImportsWithoutEditing() throws {
        let store = try store
        let settings = try SettingsFile.load(Fixture.arborMapping)
        let summary = try importFile(Fixture.arborExport, into: store, format: settings.registerFormat)
        #expect(summary.added == ["A100", "A101", "A102", "A103"])
        let register = try store.register()
        #expect(register["A100"]?.consent(for: "facebook").status == .given)
        #expect(register["A101"]?.consent(for: "facebook").status == .declined)
        #expect(register["A102"]?.givenName == "Zoë" && register["A102"]?.doNotPublish == true)
        #expect(register["A102"]?.restrictions == "Looked-after child")
        #expect(register["A100"]?.validUntil == Day(iso: "2036-08-31"), "dd/mm/yyyy read as such")
        #expect(register["A103"]?.consent(for: "website").status == .declined)
    }

    static let broken: [(String, Int, String)] = [
        ("missing-id-column.csv", 1, "no id column"),
        ("duplicate-id.csv", 4, "P001 appears again, first on line 2"),
        ("unknown-consent-value.csv", 3, "\"maybe\""),
        ("impossible-date.csv", 2, "2027-02-30"),
        ("unknown-kind.csv", 3, "\"teacher\""),
        ("missing-field.csv", 3, "3 fields"),
        ("not-utf8.csv", 1, "UTF-8"),
        ("bad-do-not-publish.csv", 2, "\"perhaps\""),
        ("multiline-then-bad.csv", 4, "\"sure\""),
    ]

    @Test(arguments: broken)
    func brokenFileIsRefusedWholeWithItsLine(file: String, line: Int, words: String) throws {
        let store = try store
        _ = try importFile(Fixture.register, into: store)
        let before = try snapshot(store)
        do {
            _ = try importFile(Paths.fixture("register/broken/" + file), into: store)
            Issue.record("\(file) was imported")
        } catch let RegisterImportError.refused(refusal) {
            #expect(refusal.problems.first?.line == line, "\(refusal)")
            #expect(refusal.problems.first?.message.contains(words) == true, "\(refusal)")
        }
        let after = try snapshot(store)
        #expect(Set(after.keys) == Set(before.keys))
        for (id, (person, history)) in before {
            #expect(after[id]?.0 == person && after[id]?.1 == history, "\(id) changed")
        }
    }

    /// An export from the school's system, imported before its layout is
    /// configured: the refusal names the columns it found and the settings
    /// that would map them, and the Yes/No words it does not know.
    @Test func anUnmappedExportSaysHowToMapIt() throws {
        do {
            _ = try importFile(Fixture.arborExport, into: try store)
            Issue.record("imported")
        } catch let RegisterImportError.refused(refusal) {
            let message = try #require(refusal.problems.first?.message)
            #expect(message.contains("\"UPN\", \"Legal Forename\", \"Legal Surname\""), "\(message)")
            #expect(message.contains("register: columns: in consentgate.yaml"), "\(message)")
        }
        let text = "id,given_name,family_name,consent_facebook,do_not_publish\nP1,A,B,Yes,N\n"
        do {
            _ = try importFile(try scratch.write(Array(text.utf8), to: "yes.csv"), into: try store)
            Issue.record("imported")
        } catch let RegisterImportError.refused(refusal) {
            #expect(refusal.problems.count == 2)
            #expect(refusal.problems.allSatisfy { $0.message.contains("register: yes: [...] or no: [...]") }, "\(refusal)")
        }
    }

    @Test func everyProblemInAFileIsListed() throws {
        let text = "id,given_name,family_name,consent_facebook,valid_from\nP1,A,B,yes,2026-01-01\nP2,C,D,given,2026-13-01\nP3,,,given,\n"
        let path = try scratch.write(Array(text.utf8), to: "many.csv")
        do {
            _ = try importFile(path, into: try store)
            Issue.record("imported")
        } catch let RegisterImportError.refused(refusal) {
            #expect(refusal.problems.map(\.line) == [2, 3, 4])
        }
    }

    @Test func localWithdrawalSurvivesAnOldExportButNotANewerForm() throws {
        let store = try store
        _ = try importFile(Fixture.register, into: store)
        #expect(try store.withdraw("P001", channel: "facebook", on: Day(iso: "2026-11-20")!, by: "office") == .recorded)
        let again = try importFile(Fixture.register, into: store)
        #expect(again.keptWithdrawals.map(\.id) == ["P001"])
        #expect(try store.register()["P001"]?.consent(for: "facebook").withdrawnOn == Day(iso: "2026-11-20"))

        // The parent signs a new form on 2026-11-24: the newer export supersedes the withdrawal.
        let text = try String(contentsOfFile: Fixture.register, encoding: .utf8)
            .replacingOccurrences(of: "J. Reed (office),2026-09-03,paper form\nP002", with: "J. Reed (office),2026-11-24,new paper form\nP002")
        let newer = try scratch.write(Array(text.utf8), to: "register-new-form.csv")
        let summary = try importFile(newer, into: store)
        #expect(summary.keptWithdrawals.isEmpty)
        #expect(summary.changed["P001"]?.contains("withdrawn_on[facebook]") == true)
        #expect(try store.register()["P001"]?.consent(for: "facebook").withdrawnOn == nil)
    }

    @Test func withdrawKeepsTheEarliestDay() throws {
        let store = try store
        _ = try importFile(Fixture.register, into: store)
        #expect(try store.withdraw("P002", channel: "website", on: Day(iso: "2026-11-20")!, by: "office") == .recorded)
        #expect(try store.withdraw("P002", channel: "website", on: Day(iso: "2026-11-22")!, by: "office") == .alreadyWithdrawn(Day(iso: "2026-11-20")!))
        #expect(try store.withdraw("P002", channel: "website", on: Day(iso: "2026-11-18")!, by: "office") == .recorded)
        #expect(try store.register()["P002"]?.consent(for: "website").withdrawnOn == Day(iso: "2026-11-18"))
        #expect(try store.register()["P002"]?.consent(for: "facebook").withdrawnOn == nil)
        #expect(throws: StoreError.self) { try store.withdraw("NOPE", channel: "website", on: Day(iso: "2026-11-18")!, by: "office") }
    }
}

@Suite("Designated staff")
struct StaffTests {
    let scratch = TemporaryDirectory()

    @Test func addingAndChangingIsRecorded() throws {
        let store = try Store(path: scratch.file("db.sqlite"))
        let member = StaffMember(id: "HC", name: "Helen Carter", account: "hcarter", channels: ["facebook"])
        #expect(try store.addStaff(member, by: "head").count == 3)
        #expect(try store.addStaff(member, by: "head").isEmpty, "no change, nothing recorded")
        var later = member
        later.channels = ["facebook", "website"]
        later.validUntil = Day(iso: "2027-07-31")
        let changes = try store.addStaff(later, by: "head")
        #expect(Set(changes.map(\.field)) == ["channels", "valid_until"])
        #expect(try store.staff() == [later])
        let history = try store.staffHistory(of: "HC")
        #expect(history.count == 5)
        #expect(history.allSatisfy { $0.source == "head" })
    }

    @Test func oneAccountBelongsToOnePerson() throws {
        let store = try Store(path: scratch.file("db.sqlite"))
        try store.addStaff(StaffMember(id: "HC", name: "Helen", account: "hcarter", channels: ["facebook"]), by: "head")
        #expect(throws: StoreError.self) {
            try store.addStaff(StaffMember(id: "XX", name: "Someone", account: "hcarter", channels: ["facebook"]), by: "head")
        }
    }
}
