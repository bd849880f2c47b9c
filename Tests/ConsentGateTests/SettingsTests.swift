import ConsentGate
import Foundation
import Imaging
import Testing
import TestSupport

@Suite("Settings file")
struct SettingsTests {
    @Test func bundledConfigLoads() throws {
        let settings = try SettingsFile.load(Paths.config)
        #expect(settings.defaultChannel == "facebook")
        #expect(settings.channels["facebook"] == .init(longEdge: 2048, quality: 85))
        #expect(settings.watermark.logoPath == Paths.logo)
        #expect(settings.limits.maxPixels == 100_000_000)
    }

    /// The built-in defaults are the bundled file, except that they cannot
    /// point at a logo: a drift between the two would surprise a school.
    @Test func builtInDefaultsMatchTheBundledFile() throws {
        let file = try SettingsFile.load(Paths.config)
        let builtIn = Settings.builtIn
        #expect(builtIn.schoolName == file.schoolName)
        #expect(builtIn.copyright == file.copyright)
        #expect(builtIn.channels == file.channels)
        #expect(builtIn.defaultChannel == file.defaultChannel)
        #expect(builtIn.limits.maxPixels == file.limits.maxPixels && builtIn.limits.maxBytes == file.limits.maxBytes)
        #expect(builtIn.limits.maxSeconds == file.limits.maxSeconds)
        #expect(builtIn.watch == file.watch)
        #expect(builtIn.registerFormat == file.registerFormat)
        var fileMark = file.watermark
        fileMark.logoPath = nil
        #expect(builtIn.watermark == fileMark)
        #expect(builtIn.keep == file.keep)
        #expect(builtIn.timeZone == file.timeZone)
    }

    /// Today is the school's day: the same instant is another date in
    /// another zone, and only the configured one counts.
    @Test func todayIsTheSchoolsDayNotTheProcesss() throws {
        let instant = Date(timeIntervalSince1970: 1_764_633_600 - 3600)  // 2025-12-01 23:00 UTC
        #expect(Settings.builtIn.today(instant) == Day(iso: "2025-12-01"))
        var auckland = Settings.builtIn
        auckland.timeZone = TimeZone(identifier: "Pacific/Auckland")!
        #expect(auckland.today(instant) == Day(iso: "2025-12-02"))
        let scratch = TemporaryDirectory()
        let path = scratch.file("consentgate.yaml")
        FileManager.default.createFile(atPath: path, contents: Data("school:\n  time_zone: Pacific/Auckland\n".utf8))
        #expect(try SettingsFile.load(path).timeZone.identifier == "Pacific/Auckland")
    }

    func load(_ yaml: String) -> String? {
        let scratch = TemporaryDirectory()
        let path = scratch.file("consentgate.yaml")
        FileManager.default.createFile(atPath: path, contents: Data(yaml.utf8))
        do {
            _ = try SettingsFile.load(path)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [
        ("watermark:\n  opacty: 0.5\n", "watermark.opacty"),
        ("watermark:\n  text: x\n  opacity: 2\n", "opacity"),
        ("watermark:\n  text: x\n  gravity: top\n", "gravity"),
        ("watermark:\n  logo: missing.png\n", "cannot be read"),
        ("watermark:\n  font: x\n", "needs a logo, a text"),
        ("channels:\n  facebook: { long_edge: 10 }\n", "long_edge"),
        ("channels:\n  facebook: { quality: 0 }\n", "quality"),
        ("default_channel: instagram\n", "default_channel"),
        ("metadata:\n  keep: [GPSLatitude]\n", "GPSLatitude cannot be kept"),
        ("limits:\n  max_megapixels: -1\n", "max_megapixels"),
        ("colour: red\n", "unknown setting \"colour\""),
        ("school: [unclosed\n", "not valid YAML"),
        ("limits:\n  max_megapixels: lots\n", "limits.max_megapixels"),
        ("school:\n  time_zone: Mars/Olympus\n", "school.time_zone"),
        ("school:\n  time_zone: BST\n", "not a time zone name"),
    ])
    func badSettingsAreRefusedWithTheirName(yaml: String, expected: String) {
        let message = load(yaml)
        #expect(message?.contains(expected) == true, "\(String(describing: message))")
    }

    @Test func unknownChannelIsNamedWithTheChoices() throws {
        #expect(throws: SettingsError.self) { try Settings.builtIn.channel("instagram") }
        do {
            _ = try Settings.builtIn.channel("instagram")
        } catch {
            #expect(error.message.contains("facebook"))
        }
    }
}

@Suite("The school's own identity in a new configuration")
struct SchoolIdentityTests {
    @Test func theNameReplacesTheTemplatesEverywhereItIsShown() throws {
        let template = try String(contentsOfFile: Paths.config, encoding: .utf8)
        let text = try SchoolIdentity(name: "  Oakfield \\ \"C of E\" Primary: Juniors ", logo: nil).personalise(template)
        #expect(!text.contains("Hillside"), "the template's school is gone")
        #expect(!text.contains("logo: logo.png"), "no logo: a text-only mark")
        let scratch = TemporaryDirectory()
        _ = try scratch.write(Array(text.utf8), to: "consentgate.yaml")
        let settings = try Workspace(scratch.path).settings()
        #expect(settings.schoolName == "Oakfield \\ \"C of E\" Primary: Juniors")
        #expect(settings.watermark.text == settings.schoolName && settings.watermark.logoPath == nil)
        #expect(text.components(separatedBy: "\n").count == template.components(separatedBy: "\n").count - 1, "comments and settings kept")
    }

    /// A name the configuration could not hold is refused before anything is written.
    @Test func aNameOnMoreThanOneLineOrEmptyIsRefused() {
        for name in ["", "   ", "Oakfield\nwatermark: {}", "Oakfield\u{2028}---", "Oak\u{202E}field", String(repeating: "é", count: 86)] {
            #expect(throws: SettingsError.self) { try SchoolIdentity(name: name, logo: nil) }
        }
    }
}
