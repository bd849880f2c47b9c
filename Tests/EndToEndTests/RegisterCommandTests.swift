import Foundation
import Testing
import TestSupport

@Suite("consentgate register and staff, end to end")
struct RegisterCommandTests {
    let workspace = TemporaryDirectory()

    /// Only init makes a workspace.
    init() throws {
        let made = try ChildProcess.run(Paths.binary, ["--workspace", workspace.path, "init", "--from", Paths.packageRoot + "/Config",
                                                       "--school-name", "Hillside Primary School"])
        #expect(made.status == 0, "\(made.stderr)")
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ChildProcess {
        try ChildProcess.run(Paths.binary, arguments, environment: environment)
    }

    @Test func importListWithdrawShow() throws {
        let imported = try run(["--workspace", workspace.path, "register", "import", Fixture.register])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("11 added"))

        let list = try run(["--workspace", workspace.path, "register", "list", "--json"])
        let people = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0["id"] as! String, $0["consent"] as! [String: String]) })
        #expect(byID["P001"]?["facebook"] == "yes")
        #expect(byID["P003"]?["facebook"] == "declined")
        #expect(byID["P004"]?["facebook"] == "not returned")
        #expect(byID["P005"]?["facebook"] == "withdrawn")
        #expect(byID["P006"]?["facebook"] == "DO NOT PUBLISH")
        #expect(byID["P007"]?["facebook"] == "expired")
        #expect(byID["P008"]?["facebook"] == "not yet valid")

        let withdraw = try run(["register", "withdraw", "P001", "--channel", "facebook", "--on", "2026-11-20"],
                               environment: ["CONSENTGATE_HOME": workspace.path])
        #expect(withdraw.status == 0)
        let show = try run(["register", "show", "P001", "--workspace", workspace.path])
        #expect(show.stdout.contains("facebook: withdrawn (withdrawn from 20 November 2026)"))
        #expect(show.stdout.contains("withdrawn_on[facebook]: (empty) -> 2026-11-20  [register withdraw by"))

        let table = try run(["--workspace", workspace.path, "register", "list"])
        #expect(table.stdout.contains("Isla Murray"))
        let header = String(table.stdout.split(separator: "\n").first ?? "")
        let columns = header.split(separator: " ").map(String.init)
        #expect(columns.filter { ["FACEBOOK", "WEBSITE", "NEWSLETTER", "PRESS"].contains($0) } == ["FACEBOOK", "WEBSITE", "NEWSLETTER", "PRESS"],
                "channels in the configuration's order: \(header)")
    }

    @Test func brokenImportIsAOneLineFailureWithTheLineNumber() throws {
        let result = try run(["--workspace", workspace.path, "register", "import", Fixture.registerWithDuplicateID])
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 4: id P001 appears again"))
        #expect(!result.stderr.contains("Fatal"))
    }

    @Test func staffAddAndList() throws {
        let add = try run(["--workspace", workspace.path, "staff", "add", "HC", "--account", "hcarter",
                           "--channels", "facebook,website", "--name", "Helen Carter", "--until", "2027-07-31"])
        #expect(add.status == 0, "\(add.stderr)")
        let list = try run(["--workspace", workspace.path, "staff", "list", "--json"])
        let staff = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(staff.count == 1)
        #expect(staff.first?["account"] as? String == "hcarter")
        #expect(staff.first?["channels"] as? [String] == ["facebook", "website"])
        // A role added later keeps the channels and the days.
        #expect(try run(["--workspace", workspace.path, "staff", "add", "HC", "--account", "hcarter", "--roles", "reviewer"]).status == 0)
        let changed = try run(["--workspace", workspace.path, "staff", "list", "--json"])
        let member = try #require((try JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(member["channels"] as? [String] == ["facebook", "website"] && member["roles"] as? [String] == ["reviewer"]
                && member["validUntil"] as? String == "2027-07-31", "\(member)")
        let unknownChannel = try run(["--workspace", workspace.path, "staff", "add", "X", "--account", "x", "--channels", "instagram"])
        #expect(unknownChannel.status == 2 && unknownChannel.stderr.contains("instagram"))
        let badDate = try run(["--workspace", workspace.path, "staff", "add", "X", "--account", "x", "--channels", "facebook", "--from", "2026-02-30"])
        #expect(badDate.status == 2)
    }

    @Test func missingWorkspaceIsExplained() throws {
        let result = try run(["--workspace", workspace.file("nope"), "register", "list"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("does not exist"))
    }
}
