import Imaging
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
}
