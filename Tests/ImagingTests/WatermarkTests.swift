import Foundation
import Imaging
import Testing
import TestSupport

@Suite("Watermark and preview banner")
struct WatermarkTests {
    static let photo = Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg")

    func render(_ watermark: Watermark) throws -> (pixels: [UInt8], width: Int, height: Int) {
        let derivative = try Render.file(Self.photo, with: Render.approved(watermark)).get()
        let (w, h) = (derivative.width / 16, derivative.height / 16)
        return (try Render.grey(derivative.jpeg, w, h), w, h)
    }

    /// Mean difference of two renderings inside one corner (a quarter of each side).
    func cornerDifference(_ a: [UInt8], _ b: [UInt8], width: Int, height: Int, right: Bool, bottom: Bool) -> Double {
        let xs = right ? (width * 3 / 4 ..< width) : (0 ..< width / 4)
        let ys = bottom ? (height * 3 / 4 ..< height) : (0 ..< height / 4)
        var total = 0, count = 0
        for y in ys { for x in xs { total += abs(Int(a[y * width + x]) - Int(b[y * width + x])); count += 1 } }
        return Double(total) / Double(count)
    }

    /// A school called "St Peter & St Paul" is drawn as written: the text
    /// is not read as markup (where "&" alone would refuse every photo).
    @Test func markupCharactersInTheTextAreDrawnAsWritten() throws {
        let plain = try render(Watermark(logoPath: nil, text: "St Peter and St Paul", gravity: .southEast, opacity: 1))
        let marked = try render(Watermark(logoPath: nil, text: "St Peter & St Paul <i>", gravity: .southEast, opacity: 1))
        #expect(cornerDifference(plain.pixels, marked.pixels, width: plain.width, height: plain.height, right: true, bottom: true) > 0)
    }

    @Test func gravityPlacesTheMarkInItsCorner() throws {
        let southEast = try render(Watermark(logoPath: Paths.logo, text: "Hillside", gravity: .southEast, opacity: 1))
        let northWest = try render(Watermark(logoPath: Paths.logo, text: "Hillside", gravity: .northWest, opacity: 1))
        let (a, b, w, h) = (southEast.pixels, northWest.pixels, southEast.width, southEast.height)
        #expect(cornerDifference(a, b, width: w, height: h, right: true, bottom: true) > 10)
        #expect(cornerDifference(a, b, width: w, height: h, right: false, bottom: false) > 10)
        #expect(cornerDifference(a, b, width: w, height: h, right: true, bottom: false) < 1)
        #expect(cornerDifference(a, b, width: w, height: h, right: false, bottom: true) < 1)
    }

    /// The mark is blended while the photo is still being decoded, top to
    /// bottom: wherever it sits, the decode must not be asked to go back.
    /// Both decoding paths: libvips' thumbnail (2725 px) and libjpeg's own
    /// scaling (a 4096 px photo published at 2048).
    @Test(arguments: Watermark.Gravity.allCases)
    func everyPlacementRendersWhileDecoding(_ gravity: Watermark.Gravity) throws {
        let mark = Watermark(logoPath: Paths.logo, text: "Hillside", gravity: gravity, opacity: 0.8)
        let big = try Paths.read(Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg"))
        let viaThumbnail = try Render.approved(mark).render(big)
        #expect(viaThumbnail.width == 2048)
        let halved = try Render.approved(mark, longEdge: 1362).render(big)
        #expect(halved.width == 1362, "2725 / 2 by libjpeg")
        for derivative in [viaThumbnail, halved] {
            #expect(derivative.jpeg.count > 10_000)
        }
    }

    @Test func tilingCoversEveryCorner() throws {
        let single = try render(Watermark(logoPath: Paths.logo, text: nil, gravity: .southEast, opacity: 1, relativeWidth: 0.1))
        let tiled = try render(Watermark(logoPath: Paths.logo, text: nil, gravity: .southEast, opacity: 1, relativeWidth: 0.1, tiled: true))
        let (w, h) = (single.width, single.height)
        for (right, bottom) in [(false, false), (true, false), (false, true)] {
            #expect(cornerDifference(single.pixels, tiled.pixels, width: w, height: h, right: right, bottom: bottom) > 3)
        }
    }

    @Test func opacityFadesTheMark() throws {
        let solid = try render(Watermark(logoPath: Paths.logo, text: nil, opacity: 1))
        let faint = try render(Watermark(logoPath: Paths.logo, text: nil, opacity: 0.2))
        let (w, h) = (solid.width, solid.height)
        #expect(cornerDifference(solid.pixels, faint.pixels, width: w, height: h, right: true, bottom: true) > 5)
        #expect(cornerDifference(solid.pixels, faint.pixels, width: w, height: h, right: false, bottom: false) < 1)
    }

    @Test func sizeIsRelativeToTheWidth() throws {
        let small = try render(Watermark(logoPath: Paths.logo, text: nil, gravity: .centre, opacity: 1, relativeWidth: 0.1))
        let large = try render(Watermark(logoPath: Paths.logo, text: nil, gravity: .centre, opacity: 1, relativeWidth: 0.5))
        let (w, h) = (small.width, small.height)
        // Only the large mark reaches into the band a fifth of the way across.
        let column = w / 4 + w / 20
        let band = (h / 3 ..< 2 * h / 3).map { abs(Int(small.pixels[$0 * w + column]) - Int(large.pixels[$0 * w + column])) }
        #expect(band.max()! > 30)
    }

    @Test func textOnlyAndLogoOnlyBothDraw() throws {
        let textOnly = try render(Watermark(logoPath: nil, text: "Hillside Primary School", opacity: 1))
        let logoOnly = try render(Watermark(logoPath: Paths.logo, text: nil, opacity: 1))
        let (w, h) = (textOnly.width, textOnly.height)
        #expect(cornerDifference(textOnly.pixels, logoOnly.pixels, width: w, height: h, right: true, bottom: true) > 3)
    }

    /// Anything rendered outside the gate says so across the middle, in red,
    /// and carries no school watermark in its corner.
    @Test func previewCarriesARedBannerAndNoWatermark() throws {
        let preview = try Render.preview.render(try Paths.read(Self.photo))
        let approved = try Render.file(Self.photo, with: Render.approved(Watermark(logoPath: Paths.logo, text: nil, opacity: 1))).get()
        let (w, h) = (preview.width / 16, preview.height / 16)
        let p = try Render.grey(preview.jpeg, w, h), a = try Render.grey(approved.jpeg, w, h)
        let middleRow = h / 2
        let banner = (0 ..< w).map { abs(Int(p[middleRow * w + $0]) - Int(a[middleRow * w + $0])) }
        #expect(Double(banner.reduce(0, +)) / Double(w) > 20)
        #expect(cornerDifference(p, a, width: w, height: h, right: true, bottom: true) > 5)
        #expect(try isRed(preview.jpeg, atRow: 0.5))
        #expect(try !isRed(approved.jpeg, atRow: 0.5))
    }

    /// Whether a row, averaged across the picture, is dominated by red.
    func isRed(_ jpeg: [UInt8], atRow fraction: Double) throws -> Bool {
        let colour = try Fingerprint.colourPixels(of: jpeg, width: 1, height: 20)
        let index = Int(Double(20) * fraction) * 3
        let (r, g, b) = (Int(colour[index]), Int(colour[index + 1]), Int(colour[index + 2]))
        return r > g + 60 && r > b + 60
    }
}

@Suite("Marks kept between runs")
struct PersistedMarkTests {
    /// The composed watermark and its text are written to the cache folder,
    /// and a rendering from them is the same as one made from scratch.
    @Test func cachedMarksGiveTheSameDerivative() throws {
        let scratch = TemporaryDirectory()
        let photo = try Paths.read(Paths.corpus("sharp-fixtures/Landscape_1.jpg"))
        let watermark = Watermark(logoPath: Paths.logo, text: "Cached Primary School", relativeWidth: 0.37)
        let fresh = try Render.approved(watermark).render(photo)
        RenderCache.persist(in: scratch.path)
        defer { RenderCache.persist(in: nil) }
        let cached = try Render.approved(watermark, longEdge: 500).render(photo)
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasSuffix(".png") }
        #expect(files.count >= 2, "a text mask and a composed mark: \(files)")
        #expect(cached.width == 500)
        #expect(try Render.approved(watermark, longEdge: 500).render(photo).jpeg == cached.jpeg)
        #expect(fresh.width == 600)
    }
}
