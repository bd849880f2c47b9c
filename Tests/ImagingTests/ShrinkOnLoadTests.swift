import Foundation
import Imaging
import Testing
import TestSupport

/// A JPEG whose half (quarter, eighth) size lands within the channel's slack
/// is decoded at that size by libjpeg itself, with no resampling: it must
/// look the same as the resampled rendering, upright, in the right colours.
@Suite("Decoding at 1/2, 1/4, 1/8 size")
struct ShrinkOnLoadTests {
    static let photo = Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg")  // 2725 x 2225

    func render(_ path: String, longEdge: Int, slack: Double, quality: Int = 95) throws -> Derivative {
        try Render.faint(longEdge: longEdge, quality: quality, slack: slack).render(try Paths.read(path))
    }

    @Test func halfSizeDecodeMatchesResampling() throws {
        let fast = try render(Self.photo, longEdge: 1370, slack: 0.02)   // 2725 / 2 is 1362
        let exact = try render(Self.photo, longEdge: 1370, slack: 0)
        #expect(fast.width == 1362 && exact.width == 1370, "\(fast.width) \(exact.width)")
        let (a, b) = (try Render.grey(fast.jpeg, 68, 55), try Render.grey(exact.jpeg, 68, 55))
        #expect(Render.meanDifference(a, b) < 3)
    }

    @Test func outsideTheSlackItResamplesExactly() throws {
        #expect(try render(Self.photo, longEdge: 1500, slack: 0.02).width == 1500)
        #expect(try render(Self.photo, longEdge: 700, slack: 0.02).width == 700, "2725 / 4 = 681 is 2.7% short: resampled")
        #expect(try render(Self.photo, longEdge: 700, slack: 0.03).width == 681)
    }

    @Test(arguments: [3, 6, 8])
    func rotatedPhotoComesOutUpright(orientation: Int) throws {
        let scratch = TemporaryDirectory()
        let rotated = scratch.file("rotated.jpg")
        // The same pixels, turned by hand (vips), then tagged so that turning them back is right.
        let angle = [3: "d180", 6: "d270", 8: "d90"][orientation]!
        #expect(try ChildProcess.run("/usr/bin/vips", ["rot", Self.photo, rotated + "[Q=95]", angle]).status == 0)
        #expect(try ChildProcess.run("/usr/bin/exiftool", ["-q", "-overwrite_original", "-n", "-Orientation=\(orientation)", rotated]).status == 0)
        let upright = try render(Self.photo, longEdge: 1362, slack: 0.02)
        let turned = try render(rotated, longEdge: 1362, slack: 0.02)
        #expect(turned.width == upright.width && turned.height == upright.height)
        let (a, b) = (try Render.grey(upright.jpeg, 68, 55), try Render.grey(turned.jpeg, 68, 55))
        #expect(Render.meanDifference(a, b) < 4, "orientation \(orientation)")
    }

    @Test func cmykWithAProfileIsConvertedOnThisPathToo() throws {
        let source = Paths.corpus("sharp-fixtures/Channel_digital_image_CMYK_color.jpg")  // 500 x 333, CMYK + ICC
        let derivative = try render(source, longEdge: 250, slack: 0.02)
        #expect(derivative.width == 250)
        let reference = try LittleCMS.srgb(of: source)
        let (a, b) = (try Render.grey(derivative.jpeg, 50, 33), try Render.grey(reference, 50, 33))
        #expect(Render.meanDifference(a, b) < 3)
    }
}
