import Foundation
import Testing
import TestSupport

/// Fixtures/bad (made by Scripts/make-bad.py): what someone might drop into
/// an inbox. The daemon takes them all in one run and stays up; each is
/// refused with its code, or, for the ones that are valid photos with traps
/// in them (an MPF image with GPS, a video trailer, 16 bits, progressive),
/// published with nothing of the trap left.
@Suite("Hostile inputs", .serialized, .timeLimit(.minutes(3)))
struct BadInputTests {
    static let refused: [String: String] = [
        "animated.gif": "image.unsupported-format",
        "animated.webp": "image.unsupported-format",
        "document.jpg": "image.unsupported-format",
        "drawing.jpg": "image.unsupported-format",
        "text.jpg": "image.unsupported-format",
        "exif-ifd-points-to-itself.jpg": "metadata.unreadable",
        "exif-ifd-points-to-itself-big-endian.jpg": "metadata.unreadable",
        "exif-count-near-4g.jpg": "metadata.unreadable",
        "exif-offset-near-4g.jpg": "metadata.unreadable",
        "exif-makernote-huge.jpg": "metadata.unreadable",
        "exif-thumbnail-outside.jpg": "metadata.unreadable",
        "several-exif-segments.jpg": "metadata.unreadable",
        "header-65535x65535.jpg": "image.too-large",
        "strip-16384x3.jpg": "image.unusual-shape",
        "oversized-tile.heic": "image.corrupt",
        "grid-100-megapixels.heic": "image.too-large",  // refused before libheif decodes 600 MB
        "grid-size-disagrees.heic": "image.corrupt",
        "turned-without-rotation.heic": "image.corrupt",
        "scan-bomb.jpg": "image.corrupt",
        "apng-hidden-default.png": "image.unsupported-format",
    ]
    static let published: Set<String> = [
        "exif-zero-denominator.jpg", "motion-photo-trailer.jpg", "mpf-secondary-with-gps.jpg",
        "progressive.jpg", "sixteen-bit.png", "several-images.heic",
        "phone-grid-with-gps.heic", "thumbnail-differs.heic", "small-crop.heic",
        "xiaomi-exif-with-gps.heic", "rotation-before-size.heic",
    ]

    @Test func everyFixtureHasAnExpectedOutcome() throws {
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: Fixture.bad))
        #expect(names == Set(Self.refused.keys).union(Self.published).union(["empty.jpg"]))
    }

    @Test func theDaemonTakesThemAllAndStaysUp() throws {
        let workspace = try TestWorkspace(watch: ["quiet_seconds": "0.3", "sidecar_wait_seconds": "0.2"])
        var byHash: [String: String] = [:]
        for name in Self.refused.keys.sorted() + Self.published.sorted() {
            let source = Paths.fixture("bad/" + name)
            try FileManager.default.copyItem(atPath: source, toPath: workspace.inbox + "/" + name)
            try Data("nobody: true\n".utf8).write(to: URL(fileURLWithPath: workspace.inbox + "/" + (name as NSString).deletingPathExtension + ".yaml"))
            byHash[try sha256(source)] = name
        }
        let run = try workspace.run(["watch", "--once"])
        #expect(run.status == 0, "the daemon stays up: \(run.stderr.suffix(1000))")
        let rows = try workspace.query("SELECT original_sha256, decision, reasons FROM ledger WHERE decision <> 'changed';")
        #expect(rows.count == byHash.count)
        for row in rows {
            let fields = row.split(separator: "|", maxSplits: 2).map(String.init)
            let name = byHash[fields[0]] ?? "?"
            if let code = Self.refused[name] {
                #expect(fields[1] == "rejected" && fields[2].contains(code), "\(name): \(row)")
            } else {
                #expect(fields[1] == "approved", "\(name): \(row)")
            }
        }
        let derivatives = workspace.files(under: "published")
        #expect(derivatives.count == Self.published.count)
        for derivative in derivatives {
            let tags = try Exiftool.tags(of: derivative)
            #expect(Exiftool.findings(in: tags) == [], "\(derivative): \(Exiftool.findings(in: tags))")
        }
    }

    /// A HEIC holding a landscape picture (primary) and a portrait one: only
    /// the primary is published, and nothing of the other.
    @Test func severalImageHeicPublishesItsPrimaryOnly() throws {
        let workspace = try TestWorkspace()
        let result = try workspace.run(["submit", Fixture.severalImagesHEIC, "--nobody", "--json"])
        #expect(result.status == 0, "\(result.stdout)")
        let derivatives = workspace.files(under: "published")
        #expect(derivatives.count == 1)
        for derivative in derivatives {
            let tags = try Exiftool.tags(of: derivative)
            #expect(tags["File:ImageWidth"] == "300" && tags["File:ImageHeight"] == "224", "\(tags)")
            #expect(Exiftool.findings(in: tags) == [])
        }
    }

    /// An iPhone stores a photo as a grid of HEVC tiles, its EXIF (GPS,
    /// serial number) in an item of its own: the whole picture comes out,
    /// and none of that.
    @Test func phoneGridHeicIsPublishedWholeWithoutItsLocation() throws {
        let source = Fixture.phoneGridWithGPS
        #expect(try Exiftool.tags(of: source)["GPS:GPSLatitude"] != nil, "the fixture carries a location")
        let workspace = try TestWorkspace()
        let result = try workspace.run(["submit", source, "--nobody"])
        #expect(result.status == 0, "\(result.stdout)")
        for derivative in workspace.files(under: "published") {
            let tags = try Exiftool.tags(of: derivative)
            #expect(tags["File:ImageWidth"] == "480" && tags["File:ImageHeight"] == "360", "\(tags)")
            #expect(Exiftool.findings(in: tags) == [])
        }
        #expect(workspace.files(under: "published").count == 1)
    }

    /// Xiaomi phones store a HEIC's EXIF as a whole JPEG APP1 segment. It
    /// is read like any other (its location is reported removed), not
    /// refused as damaged, and nothing of it is published.
    @Test func xiaomiStyleExifIsReadAndNothingOfItPublished() throws {
        let source = Fixture.xiaomiExifWithGPS
        let original = try Exiftool.tags(of: source)
        #expect(original["GPS:GPSLatitude"] != nil && original["ExifIFD:SerialNumber"] != nil, "the fixture carries a location and a serial number")
        let workspace = try TestWorkspace()
        let result = try workspace.run(["submit", source, "--nobody"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("GPS location") && result.stdout.contains("camera serial number"), "\(result.stdout)")
        let derivatives = workspace.files(under: "published")
        #expect(derivatives.count == 1)
        for derivative in derivatives {
            #expect(Exiftool.findings(in: try Exiftool.tags(of: derivative)) == [])
        }
    }

    @Test func emptyFileIsRefusedBySubmitAndNeverTakenByTheDaemon() throws {
        let workspace = try TestWorkspace(watch: ["quiet_seconds": "0.3", "sidecar_wait_seconds": "0.2"])
        let submit = try workspace.run(["submit", Fixture.empty, "--nobody", "--json"])
        #expect(submit.status == 3 && submit.stdout.contains("image.truncated"))
        try FileManager.default.copyItem(atPath: Fixture.empty, toPath: workspace.inbox + "/empty.jpg")
        #expect(try workspace.run(["watch", "--once"]).status == 0)
        #expect(workspace.waitingInInboxes == [workspace.inbox + "/empty.jpg"], "an empty file may still be being copied")
    }

    /// A 48-megapixel progressive JPEG (libjpeg must hold every coefficient)
    /// is gated with its memory bounded.
    @Test func largeProgressiveJpegStaysWithinMemory() throws {
        let workspace = try TestWorkspace()
        let big = workspace.scratch.file("progressive-48mp.jpg")
        let scratch = workspace.scratch.file("big.v")
        #expect(try ChildProcess.run("/usr/bin/vips", ["thumbnail", Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg"),
                                                       scratch, "8000", "--height", "6000", "--size", "force"]).status == 0)
        #expect(try ChildProcess.run("/usr/bin/vips", ["copy", scratch, big + "[interlace,Q=85]"]).status == 0)
        let result = try workspace.run(["submit", big, "--nobody"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.maxResidentKiB < 512 * 1024, "peak \(result.maxResidentKiB / 1024) MiB")
    }
}
