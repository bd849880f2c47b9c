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
        try FileManager.default.copyItem(atPath: Fixture.smallCropHEIC, toPath: photo)
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

/// Which day it is comes from the school's configuration (Europe/London by
/// default), never from the TZ of whoever runs the command.
@Suite("One today, end to end")
struct SchoolDayTests {
    static func day(_ offset: Int, in zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let date = calendar.date(byAdding: .day, value: offset, to: Date())!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// UTC-12 is a day behind London until about noon, UTC+14 a day ahead
    /// from about ten: at any time at least one of them is another day.
    static let behind = "Etc/GMT+12", ahead = "Etc/GMT-14"

    func submitP001(_ fixture: TestWorkspace, zone: String) throws -> (Int32, String) {
        let result = try fixture.run(["submit", Fixture.sportsDay, "--people", "P001", "--json"],
                                     environment: ["TZ": zone])
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        let codes = (json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        return (result.status, codes.joined(separator: ","))
    }

    @Test func aWithdrawalTodayCountsWhateverTheCallersTimeZone() throws {
        let london = Self.day(0, in: "Europe/London")
        var tried = 0
        if Self.day(0, in: Self.behind) != london {
            tried += 1
            let fixture = try TestWorkspace()
            #expect(try fixture.run(["register", "withdraw", "P001", "--channel", "facebook", "--on", london]).status == 0)
            let (status, codes) = try submitP001(fixture, zone: Self.behind)
            #expect(status == 3 && codes == "person.consent-withdrawn", "TZ=\(Self.behind): \(status) \(codes)")
            #expect(fixture.files(under: "rejected").allSatisfy { $0.contains("/rejected/\(london)-") })
        }
        if Self.day(0, in: Self.ahead) != london {
            tried += 1
            let fixture = try TestWorkspace()
            let tomorrow = Self.day(1, in: "Europe/London")
            #expect(try fixture.run(["register", "withdraw", "P001", "--channel", "facebook", "--on", tomorrow]).status == 0)
            let (status, codes) = try submitP001(fixture, zone: Self.ahead)
            #expect(status == 0, "TZ=\(Self.ahead): consent stands until tomorrow in London, got \(codes)")
            // ...and the audit, run in the same zone, sees the same day.
            let audit = try fixture.run(["audit", "--json"], environment: ["TZ": Self.ahead])
            #expect(audit.status == 0, "\(audit.stdout)")
        }
        #expect(tried > 0)
    }

    @Test func withdrawingWithoutADayMeansTodayInLondon() throws {
        let fixture = try TestWorkspace()
        let london = Self.day(0, in: "Europe/London")
        for (zone, channel) in [(Self.behind, "facebook"), (Self.ahead, "website")] {
            let result = try fixture.run(["register", "withdraw", "P002", "--channel", channel], environment: ["TZ": zone])
            #expect(result.status == 0, "\(result.stderr)")
            let recorded = try fixture.query("SELECT withdrawn_on FROM consent WHERE person_id = 'P002' AND channel = '\(channel)'")
            #expect(recorded == [london], "TZ=\(zone)")
        }
    }
}

/// A file names itself: a name holding terminal escapes or a line break
/// is shown, never obeyed.
@Suite("Terminal output, end to end")
struct TerminalOutputTests {
    let scratch = TemporaryDirectory()
    static let hostile = "trip\u{1B}[2J\u{1B}[1A\u{202E}gpj.exe\napproved  fake.jpg"

    func assertHarmless(_ output: String, _ context: String) {
        #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(context): control characters reached the terminal")
        #expect(!output.unicodeScalars.contains("\u{202E}"), "\(context): a bidi override reached the terminal")
        #expect(output.contains("\\u{1B}[2J"), "\(context): the escape is not shown as text: \(output.debugDescription)")
    }

    @Test func submitAndAuditShowHostileNamesAsText() throws {
        let fixture = try TestWorkspace()
        let photo = scratch.file(Self.hostile + ".jpg")
        try FileManager.default.copyItem(atPath: Fixture.schoolTrip, toPath: photo)
        let submitted = try fixture.run(["submit", photo, "--nobody"])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        assertHarmless(submitted.stdout, "submit")
        #expect(submitted.stdout.split(separator: "\n").filter { $0.hasPrefix("approved") }.count == 1,
                "the name's line break made a line of its own: \(submitted.stdout)")
        // A file put in published/ by hand, with a name that would erase the audit's headings.
        let planted = fixture.root + "/published/facebook/" + Self.hostile + ".jpg"
        try FileManager.default.copyItem(atPath: Fixture.schoolTrip, toPath: planted)
        let audit = try fixture.run(["audit"])
        assertHarmless(audit.stdout, "audit")
        #expect(audit.stdout.contains("UNKNOWN FILES IN published/ (never through the gate) (1)"), "\(audit.stdout)")
        let rejected = try fixture.run(["submit", photo, "--people", "P001", "--caption", "Call \u{1B}]0;pwned\u{7} 07700 900123"])
        assertHarmless(rejected.stdout, "rejection")
    }
}
