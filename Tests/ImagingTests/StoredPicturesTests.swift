import Foundation
import Imaging
import Testing
import TestSupport

/// A TIFF can hold a pyramid: the picture, then smaller pages. libvips'
/// thumbnail takes the smallest page still large enough, and a later page
/// can show anything. The gate publishes the first page, the picture.
@Suite("Smaller stored pictures")
struct StoredPicturesTests {
    @Test func aTiffPyramidsLaterPageIsNeverPublished() throws {
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let photo = scratch.file("page0.tif"), magenta = scratch.file("page1.tif"), pyramid = scratch.file("pyramid.tif")
        let black = scratch.file("black.v")
        for arguments in [["thumbnail", Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg"), photo, "600", "--height", "490", "--size", "force"],
                          ["black", black, "300", "245", "--bands", "3"],
                          ["linear", black, magenta, "1 1 1", "230 20 200", "--uchar"]] {
            #expect(try ChildProcess.run("/usr/bin/vips", arguments).status == 0, "\(arguments)")
        }
        #expect(try ChildProcess.run("/usr/bin/convert", [photo, magenta, pyramid]).status == 0)

        let bytes = try Paths.read(pyramid)
        // The trap is real: libvips' thumbnail takes the magenta page.
        let trap = scratch.file("vipsthumbnail.jpg")
        let run = try ChildProcess.run("/usr/bin/vipsthumbnail", [pyramid, "-s", "256", "-o", trap])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try magentaShare(Fingerprint.colourPixels(of: try Paths.read(trap), width: 30, height: 25)) > 0.9)

        let derivative = try Render.faint(longEdge: 256).render(bytes)
        #expect(derivative.width == 256 && derivative.height == 209, "\(derivative.width) x \(derivative.height)")
        #expect(try magentaShare(Fingerprint.colourPixels(of: derivative.jpeg, width: 30, height: 25)) == 0)
        #expect(try magentaShare(Fingerprint.colourPixels(of: bytes, width: 30, height: 25)) == 0, "the audit's fingerprint too")
    }
}

/// Pixels close to flat magenta (230, 20, 200).
func magentaShare(_ rgb: [UInt8]) -> Double {
    var count = 0
    for index in stride(from: 0, to: rgb.count, by: 3)
    where abs(Int(rgb[index]) - 230) < 30 && rgb[index + 1] < 60 && abs(Int(rgb[index + 2]) - 200) < 30 {
        count += 1
    }
    return Double(count) / Double(rgb.count / 3)
}
