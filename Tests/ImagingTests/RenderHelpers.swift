import Imaging
import ImageStructure
import TestSupport

enum Render {
    static let school = ExifSettings(artist: "Hillside Primary School", copyright: "Copyright Hillside Primary School")

    static let watermark = Watermark(logoPath: Paths.logo, text: "Hillside Primary School")

    static func approved(_ watermark: Watermark = watermark, longEdge: Int = 2048, keep: [KeepableExifTag] = [],
                         limits: InputLimits = InputLimits()) -> Renderer {
        Renderer(settings: RenderSettings(longEdge: longEdge, limits: limits, mark: .schoolWatermark(watermark),
                                          exif: ExifSettings(artist: school.artist, copyright: school.copyright, keep: keep)))
    }

    /// The school's renderer with a mark too faint to matter (1% opacity):
    /// for comparing the picture itself with a reference.
    static func faint(longEdge: Int, quality: Int = 85, slack: Double = 0.02) -> Renderer {
        var settings = approved(Watermark(logoPath: nil, text: "x", opacity: 0.01), longEdge: longEdge).settings
        settings.quality = quality
        settings.longEdgeSlack = slack
        return Renderer(settings: settings)
    }

    static let preview = Renderer(settings: RenderSettings(mark: .notApproved(banner: "PREVIEW - NOT APPROVED"), exif: school))

    static func file(_ path: String, with renderer: Renderer = approved()) throws -> Result<Derivative, ImageRefusal> {
        let bytes = try Paths.read(path)
        do {
            return .success(try renderer.render(bytes))
        } catch {
            return .failure(error)
        }
    }

    /// Grey pixels of a derivative, for comparing pictures with a tolerance.
    static func grey(_ jpeg: [UInt8], _ width: Int, _ height: Int) throws -> [UInt8] {
        try Fingerprint.greyPixels(of: jpeg, width: width, height: height)
    }

    /// `jpeg` with a segment inserted right after SOI.
    static func inserting(_ marker: UInt8, _ payload: [UInt8], into jpeg: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, 0xD8, 0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload + jpeg.dropFirst(2)
    }

    static func meanDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        precondition(a.count == b.count)
        return Double(zip(a, b).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(a.count)
    }
}
