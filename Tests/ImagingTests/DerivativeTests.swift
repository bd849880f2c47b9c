import Foundation
import Imaging
import ImageStructure
import Testing
import TestSupport

@Suite("The derivative")
struct DerivativeTests {
    @Test func longEdgeIsShrunkToTheChannelSize() throws {
        let derivative = try Render.file(Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg")).get()
        #expect(derivative.width == 2048)
        #expect(abs(derivative.height - 2225 * 2048 / 2725) <= 1)
        let small = try Render.file(Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg"), with: Render.approved(longEdge: 800)).get()
        #expect(max(small.width, small.height) == 800)
    }

    @Test func smallPhotosAreNeverEnlarged() throws {
        let derivative = try Render.file(Paths.corpus("exiftool-images/PNG.png")).get()
        #expect(derivative.width == derivative.source.width && derivative.height == derivative.source.height)
    }

    @Test func outputIsABaselineJpegWithThreeComponents() throws {
        let derivative = try Render.file(Paths.corpus("sharp-fixtures/Channel_digital_image_CMYK_color.jpg")).get()
        let file = try JPEGFile(parsing: derivative.jpeg)
        #expect(file.components == 3)
        #expect(!file.isProgressive)
    }

    /// A CMYK JPEG read as if it were RGB comes out as a dark negative; the
    /// derivative must look like what Little CMS (jpgicc, an independent
    /// colour engine using the embedded profile) makes of it.
    @Test func cmykIsConvertedToSRGB() throws {
        let source = Paths.corpus("sharp-fixtures/Channel_digital_image_CMYK_color.jpg")
        let derivative = try Render.file(source, with: Render.approved(Watermark(logoPath: nil, text: "x", opacity: 0.05))).get()
        #expect(derivative.width == 500, "full size: nothing to shrink")
        let size = (50, 33)
        let ours = try Render.grey(derivative.jpeg, size.0, size.1)
        let theirs = try Render.grey(try LittleCMS.srgb(of: source), size.0, size.1)
        #expect(Render.meanDifference(ours, theirs) < 3)
    }

    /// Transparent areas become white, not black.
    @Test func alphaIsFlattenedOntoWhite() throws {
        let derivative = try Render.file(Paths.corpus("sharp-fixtures/Flag_of_the_Netherlands-alpha.png"),
                                         with: Render.approved(Watermark(logoPath: nil, text: "x", gravity: .south, opacity: 0.05))).get()
        let grey = try Render.grey(derivative.jpeg, 9, 6)
        #expect(grey.reduce(0) { $0 + Int($1) } / grey.count > 150, "\(grey)")
    }

    @Test func qualityIsConfigurable() throws {
        let path = Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg")
        func render(quality: Int) throws -> Int {
            var settings = Render.approved().settings
            settings.quality = quality
            return try Renderer(settings: settings).render(try Paths.read(path)).jpeg.count
        }
        #expect(try render(quality: 50) < render(quality: 95))
    }

    @Test func sourceSummaryNamesWhatWasRemoved() throws {
        let removed = try Render.file(Paths.corpus("exiftool-images/GoPro.jpg")).get().source.removed
        #expect(removed.contains("GPS location"))
        #expect(removed.contains("camera serial number"))
        #expect(removed.contains("camera maker notes"))
        let gainMap = try Render.file(Paths.corpus("sharp-fixtures/gain-map.jpg")).get().source.removed
        #expect(gainMap.contains("a hidden second image (MPF)"))
    }
}
