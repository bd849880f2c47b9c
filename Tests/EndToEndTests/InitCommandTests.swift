import Foundation
import Testing
import TestSupport

/// `init` makes the workspace for this school, never for the template's.
@Suite("consentgate init, end to end")
struct InitCommandTests {
    let scratch = TemporaryDirectory()
    var root: String { scratch.file("workspace") }

    func run(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess.run(Paths.binary, ["--workspace", root] + arguments)
    }

    /// Without a name and with no terminal to ask at: a usage error, and nothing made.
    @Test func withoutTheSchoolsNameNothingIsMade() throws {
        let result = try run(["init", "--from", Paths.packageRoot + "/Config"])
        #expect(result.status == 2 && result.stderr.contains("--school-name"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    /// The first admin names an account: one that does not exist is a usage
    /// error before anything is made; one that does is an admin, in the ledger.
    @Test func theFirstAdminIsAnAccountThatExists() throws {
        let typo = try run(["init", "--from", Paths.packageRoot + "/Config", "--school-name", "Hillside", "--admin", "nosuchaccount-cg"])
        #expect(typo.status == 2 && typo.stderr.contains("There is no account \"nosuchaccount-cg\""), "\(typo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root))
        let made = try run(["init", "--from", Paths.packageRoot + "/Config", "--school-name", "Hillside", "--admin", "daemon"])
        #expect(made.status == 0, "\(made.stderr)")
        let staff = try run(["staff", "list", "--json"])
        #expect(staff.stdout.contains("\"admin\"") && staff.stdout.contains("\"daemon\""), "\(staff.stdout)")
        let changes = try ChildProcess.run("/usr/bin/sqlite3", [root + "/consentgate.sqlite", "SELECT poster || ' ' || via || ' ' || change FROM ledger"])
        #expect(changes.stdout == "account:root staff add daemon: account set; name set; roles - -> admin\n", "\(changes.stdout)")
    }

    /// The school's name is what every published photo carries, in its
    /// watermark and its EXIF; without a logo the mark is the name alone.
    @Test func theSchoolsNameIsOnEveryPublishedPhoto() throws {
        let made = try run(["init", "--from", Paths.packageRoot + "/Config", "--school-name", "St Mary's \"Juniors\": Oakfield"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("School: St Mary's \"Juniors\": Oakfield") && made.stdout.contains("no logo"), "\(made.stdout)")
        #expect(!FileManager.default.fileExists(atPath: root + "/logo.png"), "the template's logo is not this school's")
        #expect(try run(["register", "import", Fixture.register]).status == 0)
        #expect(try run(["staff", "add", "ME", "--account", NSUserName(), "--channels", "facebook"]).status == 0)
        let submitted = try run(["submit", Fixture.schoolTrip, "--nobody"])
        #expect(submitted.status == 0, "\(submitted.stdout)\(submitted.stderr)")
        let published = try #require(FileManager.default.enumerator(atPath: root + "/published/facebook")?.allObjects.first as? String)
        let tags = try Exiftool.tags(of: root + "/published/facebook/" + published)
        #expect(tags.first { $0.key.hasSuffix(":Artist") }?.value == "St Mary's \"Juniors\": Oakfield", "\(tags)")
        #expect(tags.first { $0.key.hasSuffix(":Copyright") }?.value == "Copyright St Mary's \"Juniors\": Oakfield. Not for reuse.")
        let again = try run(["init", "--school-name", "Another School"])
        #expect(again.status == 0 && again.stdout.contains("left as it is"), "\(again.stdout)")
    }

    @Test func aLogoThatIsNotAPNGIsRefused() throws {
        let result = try run(["init", "--from", Paths.packageRoot + "/Config", "--school-name", "Oakfield", "--logo", Paths.config])
        #expect(result.status == 2 && result.stderr.contains("not a readable PNG"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    @Test func versionIsPrinted() throws {
        let result = try ChildProcess.run(Paths.binary, ["--version"])
        #expect(result.status == 0 && result.stdout.split(separator: ".").count == 3, "\(result.stdout)")
    }

    /// The workspace may follow the subcommand as well as precede it.
    @Test func theWorkspaceMayComeAfterTheCommand() throws {
        #expect(try run(["init", "--from", Paths.packageRoot + "/Config", "--school-name", "Oakfield"]).status == 0)
        let listed = try ChildProcess.run(Paths.binary, ["staff", "list", "--workspace", root])
        #expect(listed.status == 0 && listed.stdout.contains("nobody is designated yet"), "\(listed.stderr)")
    }
}
