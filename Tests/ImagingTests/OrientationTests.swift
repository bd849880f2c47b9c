import Foundation
@testable import Imaging
import ImageStructure
import Testing
import TestSupport

/// A phone records "this way up" in EXIF instead of turning the pixels: every
/// one of the 8 orientations must come out looking like orientation 1.
@Suite("Autorotation")
struct OrientationTests {
    static let cases = ["Landscape", "Portrait"].flatMap { kind in (2...8).map { (kind, $0) } }

    @Test(arguments: cases)
    func comesOutUpright(kind: String, orientation: Int) throws {
        let reference = try Render.file(Paths.corpus("sharp-fixtures/\(kind)_1.jpg")).get()
        let rotated = try Render.file(Paths.corpus("sharp-fixtures/\(kind)_\(orientation).jpg")).get()
        #expect(rotated.source.orientation == orientation)
        #expect(rotated.width == reference.width && rotated.height == reference.height)
        let (w, h) = (reference.width / 10, reference.height / 10)
        let difference = Render.meanDifference(try Render.grey(reference.jpeg, w, h), try Render.grey(rotated.jpeg, w, h))
        #expect(difference < 8, "\(kind)_\(orientation) differs from \(kind)_1 by \(difference)")
    }

    /// The comparison can tell orientations apart: a mirrored picture fails it.
    @Test func comparisonDetectsAMirroredPicture() throws {
        let reference = try Render.file(Paths.corpus("sharp-fixtures/Landscape_1.jpg")).get()
        let (w, h) = (reference.width / 10, reference.height / 10)
        let pixels = try Render.grey(reference.jpeg, w, h)
        let mirrored = (0 ..< h).flatMap { y in pixels[(y * w) ..< (y * w + w)].reversed() }
        #expect(Render.meanDifference(pixels, mirrored) > 20)
    }

    /// Where viewers and libvips could read the rotation differently (an
    /// Orientation stored as LONG, twice, or in the Exif sub-directory; any
    /// rotation on a WebP, which browsers do not apply), the photo could be
    /// published turned from how the poster saw it: refused. The usual form
    /// (one SHORT in the main directory) still turns the photo.
    @Test func orientationViewersReadDifferentlyIsRefused() throws {
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let plain = scratch.file("plain.jpg"), webp = scratch.file("turned.webp")
        #expect(try ChildProcess.run("/usr/bin/vips", ["black", plain + "[strip]", "400", "200", "--bands", "3"]).status == 0)
        let jpeg = try Paths.read(plain)
        func with(_ ifd0: [[UInt8]], exifIFD: [[UInt8]] = []) -> [UInt8] {
            // Little-endian TIFF: IFD0 at 8, the Exif sub-directory right after it.
            var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, UInt8(ifd0.count), 0] + ifd0.flatMap { $0 } + [0, 0, 0, 0]
            if !exifIFD.isEmpty { tiff += [UInt8(exifIFD.count), 0] + exifIFD.flatMap { $0 } + [0, 0, 0, 0] }
            return Render.inserting(0xE1, JPEGFile.exifIdentifier + tiff, into: jpeg)
        }
        let short6: [UInt8] = [0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]
        let short3: [UInt8] = [0x12, 0x01, 3, 0, 1, 0, 0, 0, 3, 0, 0, 0]
        let long6: [UInt8] = [0x12, 0x01, 4, 0, 1, 0, 0, 0, 6, 0, 0, 0]
        let exifPointer: [UInt8] = [0x69, 0x87, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0]  // IFD0 of one entry ends at 26
        func code(_ bytes: [UInt8]) -> ImageRefusal.Code? {
            do { _ = try Render.approved().render(bytes); return nil } catch { return error.code }
        }
        #expect(code(with([long6])) == .metadataUnreadable)
        #expect(code(with([short6, short3])) == .metadataUnreadable)
        #expect(code(with([exifPointer], exifIFD: [short6])) == .metadataUnreadable)
        let usual = try Render.approved().render(with([short6]))
        #expect(usual.width == 200 && usual.height == 400, "the usual form turns it")

        #expect(try ChildProcess.run("/usr/bin/vips", ["copy", Paths.corpus("sharp-fixtures/Landscape_6.jpg"), webp]).status == 0)
        #expect(code(try Paths.read(webp)) == .metadataUnreadable, "a WebP carrying orientation 6")
    }

    /// A PNG's eXIf chunk holds a TIFF structure, which is where viewers
    /// look. Wrapped as a JPEG APP1 segment (as Xiaomi phones store a HEIC's
    /// EXIF, where it is read), viewers find no orientation in it: the photo
    /// must not be turned by one. (libpng drops such a chunk before libvips
    /// sees it; the header check would refuse it if it did not.)
    @Test func pngExifWrappedAsAJPEGSegmentNeverTurnsThePhoto() throws {
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let png = scratch.file("turned.png")
        #expect(try ChildProcess.run("/usr/bin/vips", ["black", png, "400", "200", "--bands", "3"]).status == 0)
        #expect(try ChildProcess.run("/usr/bin/exiftool", ["-q", "-overwrite_original", "-Orientation#=6", png]).status == 0)
        let plain = try Paths.read(png)
        let turned = try Render.approved().render(plain)
        #expect(turned.width == 200 && turned.height == 400, "a plain eXIf turns the picture")

        // The same chunk, its data behind an APP1 marker, length and Exif\0\0.
        let name = Array("eXIf".utf8)
        let at = try #require((8 ..< plain.count - 8).first { Array(plain[$0 + 4 ..< $0 + 8]) == name })
        let length = plain[at ..< at + 4].reduce(0) { $0 << 8 | Int($1) }
        let tiff = Array(plain[at + 8 ..< at + 8 + length])
        let wrapped = [0xFF, 0xE1, UInt8((tiff.count + 8) >> 8), UInt8((tiff.count + 8) & 0xFF)] + JPEGFile.exifIdentifier + tiff
        let rewrapped = Array(plain[..<at]) + PNGChunk.make(type: name, data: wrapped) + Array(plain[(at + 12 + length)...])
        if let published = try? Render.approved().render(rewrapped) {
            #expect(published.width == 400 && published.height == 200, "turned by an orientation viewers do not see")
        }
        #expect(throws: ImageRefusal.self, "refused in a PNG") { try ReadHeader.checkExif(wrapped, format: .png) }
        #expect(throws: Never.self, "read in a HEIC") { try ReadHeader.checkExif(wrapped, format: .heif) }
    }
}
