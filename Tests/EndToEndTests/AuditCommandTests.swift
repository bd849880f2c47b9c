import Foundation
import Testing
import TestSupport

/// The head teacher's view: what is out there, and is it still allowed?
@Suite("consentgate audit, end to end")
struct AuditCommandTests {
    /// Four photos that look nothing alike, published through the gate.
    static let publications: [(photo: String, people: [String])] = [
        ("sports-day.jpg", ["--people", "P001"]),
        ("school-trip.jpg", ["--people", "P001,P002"]),
        ("class-flag.png", ["--people", "P002"]),
        // A portrait: one face, one person declared.
        ("corpus:sharp-fixtures/Channel_digital_image_CMYK_color.jpg", ["--people", "S001"]),
    ]

    /// The workspace and, for each photo above, its published derivative (relative path).
    func publish() throws -> (TestWorkspace, [String]) {
        let workspace = try TestWorkspace()
        var derivatives: [String] = []
        for (photo, flags) in Self.publications {
            let path = photo.hasPrefix("corpus:") ? Paths.corpus(String(photo.dropFirst(7))) : Paths.fixture("photos/" + photo)
            let result = try workspace.run(["submit", path, "--json"] + flags)
            let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let derivative = try #require(json?["derivative"] as? String, "\(photo): \(result.stdout)")
            derivatives.append(String(derivative.dropFirst(workspace.root.count + 1)))
        }
        return (workspace, derivatives)
    }

    func audit(_ workspace: TestWorkspace, _ flags: [String] = []) throws -> (ChildProcess, [String: Any]) {
        let result = try workspace.run(["audit", "--json"] + flags)
        return (result, try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:])
    }

    func takedowns(_ json: [String: Any]) -> [String: [String]] {
        var found: [String: [String]] = [:]
        for item in json["takedowns"] as? [[String: Any]] ?? [] {
            found[item["derivative"] as! String] = (item["reasons"] as? [[String: Any]] ?? []).map {
                "\($0["code"] as! String) \($0["person"] as? String ?? "-")"
            }
        }
        return found
    }

    @Test func withdrawalPutsExactlyThatPupilsPhotosOnTheTakedownList() throws {
        let (workspace, derivatives) = try publish()
        let (clean, before) = try audit(workspace)
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect((before["clean"] as? [String])?.count == 4)

        #expect(try workspace.run(["register", "withdraw", "P001", "--channel", "facebook"]).status == 0)
        let (result, json) = try audit(workspace)
        #expect(result.status == 3)
        #expect(takedowns(json) == [derivatives[0]: ["person.consent-withdrawn P001"],
                                    derivatives[1]: ["person.consent-withdrawn P001"]])
        #expect(Set(json["clean"] as? [String] ?? []) == [derivatives[2], derivatives[3]])
        let text = try workspace.run(["audit"])
        #expect(text.stdout.contains("TAKE DOWN (2)") && text.stdout.contains("Amara Okafor (P001)"))
    }

    @Test func expiryAsOfALaterDay() throws {
        let (workspace, derivatives) = try publish()
        // Everyone's consent in the fixture register runs to 2036-08-31.
        let (lastDay, _) = try audit(workspace, ["--on", "2036-08-31"])
        #expect(lastDay.status == 0)
        let (after, json) = try audit(workspace, ["--on", "2036-09-01"])
        #expect(after.status == 3)
        #expect(takedowns(json) == [
            derivatives[0]: ["person.consent-expired P001"],
            derivatives[1]: ["person.consent-expired P001", "person.consent-expired P002"],
            derivatives[2]: ["person.consent-expired P002"],
            derivatives[3]: ["person.consent-expired S001"],
        ])
    }

    @Test func fileCopiedInByHandIsUnknownAndATamperedOneIsChanged() throws {
        let (workspace, derivatives) = try publish()
        try FileManager.default.copyItem(atPath: Fixture.bakeSale,
                                         toPath: workspace.root + "/published/facebook/from-a-phone.jpg")
        // One derivative re-saved by some editor, one given GPS back by exiftool.
        let edited = workspace.root + "/" + derivatives[2]
        #expect(try ChildProcess.run("/usr/bin/vips", ["copy", edited, edited + ".tmp.jpg[Q=60,strip]"]).status == 0)
        #expect(rename(edited + ".tmp.jpg", edited) == 0)
        let located = workspace.root + "/" + derivatives[3]
        #expect(try ChildProcess.run("/usr/bin/exiftool", ["-q", "-overwrite_original", "-GPSLatitude=51.5", "-GPSLatitudeRef=N", located]).status == 0)
        let (result, json) = try audit(workspace)
        #expect(result.status == 3)
        #expect(json["unknown"] as? [String] == ["published/facebook/from-a-phone.jpg"])
        let changed = (json["changed"] as? [[String: Any]] ?? []).map { $0["derivative"] as! String }
        #expect(Set(changed) == [derivatives[2], derivatives[3]])
    }

    /// The metadata is scanned again, not only the hash compared: the report
    /// says that a location is now in the file.
    @Test func locationAddedAfterPublicationIsNamed() throws {
        let (workspace, derivatives) = try publish()
        let located = workspace.root + "/" + derivatives[0]
        #expect(try ChildProcess.run("/usr/bin/exiftool", ["-q", "-overwrite_original", "-GPSLatitude=51.5", "-GPSLatitudeRef=N", located]).status == 0)
        let (_, json) = try audit(workspace)
        let problem = ((json["changed"] as? [[String: Any]])?.first?["problem"] as? String) ?? ""
        #expect(problem.contains("SHA-256") && problem.contains("GPS"), "\(problem)")
    }

    /// Copies as Facebook would serve them (re-encoded at quality 70, resized
    /// to 960 px, metadata gone) match their ledger entries; unrelated
    /// photos from the corpus match none.
    @Test func downloadedCopiesMatchAndStrangersDoNot() throws {
        let (workspace, derivatives) = try publish()
        let downloads = workspace.scratch.file("downloads")
        try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        for (index, derivative) in derivatives.enumerated() {
            let run = try ChildProcess.run("/usr/bin/vips", ["thumbnail", workspace.root + "/" + derivative,
                                                            downloads + "/facebook-\(index).jpg[Q=70,strip]", "960"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let strangers = ["sharp-fixtures/gain-map.jpg", "exiftool-images/GPS.jpg", "sharp-fixtures/pitm.avif",
                         "exiftool-images/ExifTool.tif", "sharp-fixtures/Portrait_1.jpg"]
        for (index, stranger) in strangers.enumerated() {
            try FileManager.default.copyItem(atPath: Paths.corpus(stranger), toPath: downloads + "/stranger-\(index)." + (stranger as NSString).pathExtension)
        }
        let (result, json) = try audit(workspace, ["--match", downloads])
        #expect(result.status == 3, "strangers are findings")
        let matched = Dictionary(uniqueKeysWithValues: (json["matched"] as? [[String: Any]] ?? []).map {
            (($0["file"] as! NSString).lastPathComponent, $0["derivative"] as! String)
        })
        for (index, derivative) in derivatives.enumerated() {
            #expect(matched["facebook-\(index).jpg"] == derivative)
        }
        #expect(matched.count == derivatives.count)
        #expect((json["notFromGate"] as? [String])?.count == strangers.count)
    }

    /// The HTML report, opened in headless Chromium: the page renders and
    /// every thumbnail in it actually displays.
    @Test func htmlReportRendersWithItsThumbnails() throws {
        #expect(FileManager.default.fileExists(atPath: "/usr/bin/chromium"), "make test installs Debian's chromium")
        let (workspace, _) = try publish()
        #expect(try workspace.run(["register", "withdraw", "P002", "--channel", "facebook"]).status == 0)
        try FileManager.default.copyItem(atPath: Fixture.bakeSale,
                                         toPath: workspace.root + "/published/facebook/stray.jpg")
        let page = workspace.scratch.file("audit.html")
        #expect(try workspace.run(["audit", "--html", page]).status == 3)
        let dom = try ChildProcess.run("/usr/bin/chromium", [
            "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
            "--virtual-time-budget=5000", "--dump-dom", "file://" + page,
        ], environment: ["HOME": workspace.scratch.path])
        #expect(dom.status == 0, "\(dom.stderr.suffix(500))")
        #expect(dom.stdout.contains("data-thumbnails=\"5\""), "4 published and 1 unknown, all displayed")
        #expect(dom.stdout.contains("Take down (2)") && dom.stdout.contains("Unknown files (1)") && dom.stdout.contains("Clean (2)"))
        #expect(dom.stdout.contains("Oliver Bennett (P002): consent for Facebook was withdrawn"))
    }
}
