import Foundation
import ImageStructure
@testable import Imaging
import Testing
import TestSupport

/// HEIC is decoded by libheif directly (its primary image), not by libvips'
/// loader: the picture must be the one libvips shows, never the stored
/// thumbnail, in the right colours.
@Suite("HEIC decoding")
struct HeifTests {
    static let thumbnailDiffers = Fixture.thumbnailDiffers

    /// What libvips' own heifload gives (the vips command, no thumbnail in
    /// play): the reference for the picture.
    func libvipsRendering(_ path: String, longEdge: Int, scratch: TemporaryDirectory) throws -> [UInt8] {
        let output = scratch.file("libvips.jpg")
        let run = try ChildProcess.run("/usr/bin/vips", ["thumbnail", path, output + "[Q=95]", "\(longEdge)"])
        #expect(run.status == 0, "\(run.stderr)")
        return try Paths.read(output)
    }

    @Test func aStoredThumbnailIsNeverPublishedInsteadOfThePicture() throws {
        let bytes = try Paths.read(Self.thumbnailDiffers)
        // The trap is real: libvips' thumbnail takes the stored thumbnail.
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let trap = scratch.file("vipsthumbnail.jpg")
        let thumbnailRun = try ChildProcess.run("/usr/bin/vipsthumbnail", [Self.thumbnailDiffers, "-s", "2048", "-o", trap])
        #expect(thumbnailRun.status == 0, "\(thumbnailRun.stderr)")
        #expect(magentaShare(try Fingerprint.colourPixels(of: try Paths.read(trap), width: 32, height: 26)) > 0.9)

        let derivative = try Render.approved().render(bytes)
        #expect(derivative.width == 2048 && derivative.height == 1672, "the picture's shape (2100 x 1714): \(derivative.width) x \(derivative.height)")
        #expect(magentaShare(try Fingerprint.colourPixels(of: derivative.jpeg, width: 32, height: 26)) == 0)
        // The audit's fingerprints of such a file are of its picture too.
        #expect(magentaShare(try Fingerprint.colourPixels(of: bytes, width: 32, height: 26)) == 0)
    }

    /// At full size, pixel for pixel as libvips' own loader decodes the
    /// picture (2100 px rows of RGB, which libheif pads: the shim moves
    /// every row; a wrong stride would shear the picture).
    @Test func theFullSizePictureIsLibvipsOwnDecode() throws {
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let reference = scratch.file("libvips.png")
        #expect(try ChildProcess.run("/usr/bin/vips", ["copy", Self.thumbnailDiffers, reference]).status == 0)
        let derivative = try Render.faint(longEdge: 2100, quality: 100).render(try Paths.read(Self.thumbnailDiffers))
        #expect(derivative.width == 2100 && derivative.height == 1714)
        let (a, b) = (try Fingerprint.colourPixels(of: derivative.jpeg, width: 700, height: 571),
                      try Fingerprint.colourPixels(of: try Paths.read(reference), width: 700, height: 571))
        #expect(Render.meanDifference(a, b) < 1.5, "\(Render.meanDifference(a, b))")
    }

    /// libheif decodes a HEIC in one call that nothing can interrupt, before
    /// the pipeline's deadline is set: that time counts against the limit,
    /// so the shrink step itself refuses when the decode alone took too long.
    @Test func heicDecodingTimeCountsAgainstTheLimit() throws {
        let bytes = try Paths.read(Self.thumbnailDiffers)  // 2100 x 1714
        Renderer.prepare()  // the steps below assume a started libvips, as the renderer ensures
        func shrink(seconds: Double) -> ImageRefusal? {
            do {
                try bytes.withPinnedBytes { (buffer) throws(ImageRefusal) in
                    let header = try ReadHeader.run(buffer, format: .heif, limits: InputLimits())
                    _ = try Shrink.run(buffer, header: header, format: .heif, longEdge: 2048, seconds: seconds)
                }
                return nil
            } catch {
                return error
            }
        }
        #expect(shrink(seconds: 0.000_1)?.code == .timeout)
        #expect(shrink(seconds: 30) == nil)
        let found = try? Render.approved(limits: InputLimits(maxSeconds: 0.000_1)).render(bytes)
        #expect(found == nil, "the whole render refuses it too")
    }

    /// libheif 1.15 decodes a grid whole: 28 KB of HEIC that is 100
    /// megapixels would take some 590 MB. Refused from its boxes instead,
    /// before any tile is decoded.
    @Test func aHugeGridIsRefusedBeforeItIsDecoded() throws {
        let bytes = try Paths.read(Fixture.grid100Megapixels)
        #expect(bytes.count < 40_000)
        do {
            _ = try Render.approved().render(bytes)
            Issue.record("a 100-megapixel HEIC was decoded")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.message.contains("600 MB to open, more than the 300 MB"), "\(error.message)")
        }
    }

    /// The audit's fingerprints read files nobody vetted: the same bound.
    @Test func theAuditsFingerprintRefusesItToo() throws {
        let bytes = try Paths.read(Fixture.grid100Megapixels)
        #expect(throws: ImageRefusal.self) { try Fingerprint.perceptualHash(of: bytes) }
    }

    /// The budget is what the largest photo accepted costs at 8-bit RGB; an
    /// 8-bit 4:2:0 HEIC (every phone's) costs twice as much a pixel, so a
    /// 48-megapixel phone photo (8064 x 6048) still fits.
    @Test func phonePhotosFitTheBudget() throws {
        let meta = try #require(HEIFMeta(try Paths.read(Fixture.phoneGridWithGPS)))
        #expect(meta.decodeBytesPerPixel == 6)
        #expect(8064.0 * 6048 * meta.decodeBytesPerPixel <= Double(InputLimits().maxPixels) * 3)
    }

    @Test func aPhoneGridLooksAsLibvipsShowsIt() throws {
        let source = Fixture.phoneGridWithGPS  // 2 x 2 tiles, cropped to 480 x 360
        let derivative = try Render.faint(longEdge: 400, quality: 95).render(try Paths.read(source))
        let reference = try libvipsRendering(source, longEdge: 400, scratch: TemporaryDirectory())
        #expect(derivative.width == 400 && derivative.height == 300)
        let (a, b) = (try Fingerprint.colourPixels(of: derivative.jpeg, width: 40, height: 30),
                      try Fingerprint.colourPixels(of: reference, width: 40, height: 30))
        #expect(Render.meanDifference(a, b) < 2, "\(Render.meanDifference(a, b))")
    }

    /// Sony cameras list a photo's rotation before its size: libheif 1.15
    /// then announces the unturned size and decodes the turned picture. It
    /// is published turned, as libheif shows it. The fixture is
    /// phone-grid-with-gps.heic's tiles, to be turned a quarter clockwise.
    @Test func aRotationListedBeforeTheSizeIsApplied() throws {
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let bytes = try Paths.read(Fixture.rotationBeforeSize)
        let derivative = try Render.faint(longEdge: 480, quality: 95).render(bytes)
        #expect(derivative.width == 360 && derivative.height == 480, "\(derivative.width) x \(derivative.height)")
        func turned(_ angle: String) throws -> [UInt8] {
            let output = scratch.file("\(angle).png")
            let run = try ChildProcess.run("/usr/bin/vips", ["rot", Fixture.phoneGridWithGPS, output, angle])
            #expect(run.status == 0, "\(run.stderr)")
            return try Fingerprint.colourPixels(of: try Paths.read(output), width: 36, height: 48)
        }
        let ours = try Fingerprint.colourPixels(of: derivative.jpeg, width: 36, height: 48)
        let clockwise = Render.meanDifference(ours, try turned("d90"))
        let anticlockwise = Render.meanDifference(ours, try turned("d270"))
        #expect(clockwise < 3 && anticlockwise > 30, "a quarter clockwise: \(clockwise), anticlockwise: \(anticlockwise)")
        // The audit's fingerprints read it the same way.
        let fingerprint = try Fingerprint.colourPixels(of: bytes, width: 36, height: 48)
        #expect(Render.meanDifference(fingerprint, try turned("d90")) < 3)
    }

    /// A HEIC in Display P3 (as iPhones take them) comes out in sRGB with the
    /// colours of the sRGB original; read as if sRGB, it would not. With
    /// transparency: the RGBA path.
    @Test func aDisplayP3HeicIsBroughtToSRGB() throws {
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        // Pure red beside pure green, with transparency: colours far apart in P3 and sRGB numbers.
        let black = scratch.file("black.v"), red = scratch.file("red.v"), green = scratch.file("green.v")
        let original = scratch.file("original.png"), p3 = scratch.file("p3.v")
        let tagged = scratch.file("p3.heic"), untagged = scratch.file("p3-untagged.heic")
        for arguments in [["black", black, "200", "200", "--bands", "4"],
                          ["linear", black, red, "1 1 1 1", "255 0 0 200", "--uchar"],
                          ["linear", black, green, "1 1 1 1", "0 255 0 255", "--uchar"],
                          ["arrayjoin", "\(red) \(green)", original]] {
            #expect(try ChildProcess.run("/usr/bin/vips", arguments).status == 0, "\(arguments)")
        }
        #expect(try ChildProcess.run("/usr/bin/vips", ["icc_transform", original, p3, "p3", "--input-profile", "srgb", "--embedded"]).status == 0)
        #expect(try ChildProcess.run("/usr/bin/vips", ["copy", p3, tagged + "[Q=95]"]).status == 0)
        #expect(try ChildProcess.run("/usr/bin/vips", ["copy", p3, untagged + "[Q=95,strip]"]).status == 0)

        let renderer = Render.faint(longEdge: 300, quality: 95)
        func colours(_ path: String) throws -> [UInt8] {
            try Fingerprint.colourPixels(of: try renderer.render(try Paths.read(path)).jpeg, width: 40, height: 20)
        }
        let reference = try colours(original)
        let managed = Render.meanDifference(try colours(tagged), reference)
        let unmanaged = Render.meanDifference(try colours(untagged), reference)
        #expect(managed < 3, "\(managed)")
        #expect(unmanaged > 15, "the profile matters for this picture: \(unmanaged) vs \(managed)")
    }
}
