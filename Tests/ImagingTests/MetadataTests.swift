import Foundation
@testable import Imaging
import ImageStructure
import Testing
import TestSupport

@Suite("Metadata: rebuilt from an allowlist, then proven by read-back")
struct MetadataTests {
    @Test func derivativeCarriesOnlyTheSchoolsTags() throws {
        let derivative = try Render.file(Paths.corpus("exiftool-images/Canon1DmkIII.jpg")).get()
        let file = try JPEGFile(parsing: derivative.jpeg)
        let segment = try #require(file.exifSegments.first)
        let exif = try ExifDirectories(tiff: Array(file.payload(of: segment).dropFirst(6)))
        #expect(Set(exif.entries.keys) == [.ifd0])
        #expect(Set(exif.entries[.ifd0]!.map(\.tag)) == [SchoolExifTag.orientation, SchoolExifTag.artist, SchoolExifTag.copyright])
        #expect(exif.asciiValue(exif.entry(SchoolExifTag.artist, in: .ifd0)!) == Render.school.artist)
        #expect(exif.shortValue(exif.entry(SchoolExifTag.orientation, in: .ifd0)!) == 1)
    }

    /// The school may keep a few harmless tags; exiftool then sees exactly those extra.
    @Test func keptTagsAreCopiedAndNothingElse() throws {
        let source = Paths.corpus("exiftool-images/Canon1DmkIII.jpg")
        let renderer = Render.approved(keep: [.dateTimeOriginal, .model, .fNumber])
        let derivative = try Render.file(source, with: renderer).get()
        let scratch = TemporaryDirectory()
        let tags = try Exiftool.tags(of: try scratch.write(derivative.jpeg, to: "kept.jpg"))
        let original = try Exiftool.tags(of: source)
        #expect(tags["ExifIFD:DateTimeOriginal"] == original["ExifIFD:DateTimeOriginal"])
        #expect(tags["IFD0:Model"] == original["IFD0:Model"])
        #expect(tags["ExifIFD:FNumber"] == original["ExifIFD:FNumber"])
        #expect(Exiftool.findings(in: tags, alsoAllowed: ["ExifIFD:DateTimeOriginal", "IFD0:Model", "ExifIFD:FNumber", "Composite:Aperture"]) == [])
    }

    @Test func libvipsAloneWouldHaveKeptGPS() throws {
        // The trap this design avoids: a plain libvips save of GPS.jpg keeps
        // the GPS directory. Shown with the vips command, so the test says why
        // consentgate strips and splices instead of trusting a save.
        let scratch = TemporaryDirectory()
        let output = scratch.file("plain.jpg")
        let run = try ChildProcess.run("/usr/bin/vips", ["copy", Paths.corpus("exiftool-images/GPS.jpg"), output])
        #expect(run.status == 0)
        #expect(try Exiftool.tags(of: output).keys.contains { $0.hasPrefix("GPS:") })
    }

    // MARK: read-back verification refuses what slipped through

    func derivative() throws -> [UInt8] {
        try Render.file(Paths.corpus("sharp-fixtures/Landscape_1.jpg")).get().jpeg
    }

    @Test(arguments: [
        ("XMP", UInt8(0xE1), Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>".utf8)),
        ("IPTC", UInt8(0xED), Array("Photoshop 3.0\0".utf8)),
        ("comment", UInt8(0xFE), Array("taken at 12 Acacia Avenue".utf8)),
        ("MPF", UInt8(0xE2), Array("MPF\0".utf8) + [UInt8](repeating: 0, count: 16)),
        ("ICC", UInt8(0xE2), Array("ICC_PROFILE\0".utf8) + [1, 1]),
    ])
    func extraSegmentMakesTheResultAFailure(kind: String, marker: UInt8, payload: [UInt8]) throws {
        let tampered = Render.inserting(marker, payload, into: try derivative())
        let report = DerivativeCheck().inspect(tampered)
        #expect(!report.isClean, "\(kind)")
        #expect(throws: ImageRefusal.self) { try Verify.run(tampered, keep: [], width: report.width, height: report.height) }
        do {
            try Verify.run(tampered, keep: [], width: report.width, height: report.height)
        } catch {
            #expect(error.code == .metadataUnremovable)
        }
    }

    @Test func trailerAfterTheImageIsAFailure() throws {
        let tampered = try derivative() + Array("ftypmp42 a Motion Photo video".utf8)
        #expect(DerivativeCheck().inspect(tampered).violations.contains { $0.contains("after the end") })
    }

    @Test func gpsDirectoryInTheExifIsAFailure() throws {
        // A big-endian TIFF: IFD0 with a GPS pointer to a GPS IFD holding GPSLatitudeRef "N".
        var tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]
        tiff += [0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]
        tiff += [0, 1, 0, 1, 0, 2, 0, 0, 0, 2, 0x4E, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let jpeg = Render.inserting(0xE1, JPEGFile.exifIdentifier + tiff, into: try derivative())
        let violations = DerivativeCheck().inspect(jpeg).violations
        #expect(violations.contains("a GPS directory"))
        #expect(violations.contains("2 EXIF segments"))
    }

    @Test func thumbnailDirectoryIsAFailure() throws {
        // IFD0 (Orientation = 1) whose next-directory offset points at an IFD1.
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]
        tiff += [1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0]
        // IFD1: a 4-byte "thumbnail" at offset 8, inside the data.
        tiff += [2, 0, 0x01, 0x02, 4, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0x02, 0x02, 4, 0, 1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0]
        let original = try derivative()
        let file = try JPEGFile(parsing: original)
        let ours = try #require(file.exifSegments.first)
        // Replace our EXIF segment with the crafted one.
        let start = ours.payloadOffset - 4, end = ours.payloadOffset + ours.payloadLength
        let stripped = Array(original[..<start]) + Array(original[end...])
        let violations = DerivativeCheck().inspect(Render.inserting(0xE1, JPEGFile.exifIdentifier + tiff, into: stripped)).violations
        #expect(violations.contains("a second image directory (thumbnail)"))
    }
}
