import ImageStructure

/// Everything that shapes a derivative, validated before any photo is read.
public struct RenderSettings: Sendable {
    /// The longest side of the derivative in pixels; smaller photos are never enlarged.
    public var longEdge: Int
    /// How far below `longEdge` (a fraction) a JPEG may come out when that
    /// lets libjpeg decode it at 1/2, 1/4 or 1/8 size with no resampling at
    /// all: a 4032 px phone photo becomes 2016 px, not 2048, for a third of
    /// the decoding. 0 always resamples to exactly `longEdge`.
    public var longEdgeSlack: Double = 0.02
    /// JPEG quality, 1...100.
    public var quality: Int
    public var limits: InputLimits
    public var mark: Mark
    public var exif: ExifSettings

    public init(longEdge: Int = 2048, quality: Int = 85, limits: InputLimits = InputLimits(),
                mark: Mark, exif: ExifSettings) {
        self.longEdge = longEdge
        self.quality = quality
        self.limits = limits
        self.mark = mark
        self.exif = exif
    }
}

public struct InputLimits: Sendable {
    /// Width x height, checked from the header before anything is decoded.
    public var maxPixels: Int
    public var maxBytes: Int
    /// Decoding and shrinking one photo may take at most this long; past it
    /// the photo is refused (`image.timeout`) and the gate moves on.
    public var maxSeconds: Double
    /// The long side may be at most this many times the short side. Past it
    /// no photo goes (a phone's panorama is about 5 to 1), and libvips 8.14
    /// aborts the whole process when a JPEG's short side shrinks on load to
    /// nothing (16384 x 3 at a long edge of 2048).
    public var maxAspectRatio: Int

    public init(maxPixels: Int = 100_000_000, maxBytes: Int = 60 * 1024 * 1024, maxSeconds: Double = 30,
                maxAspectRatio: Int = 20) {
        self.maxPixels = maxPixels
        self.maxBytes = maxBytes
        self.maxSeconds = maxSeconds
        self.maxAspectRatio = maxAspectRatio
    }
}

/// What is drawn on every derivative.
public enum Mark: Sendable {
    /// The school's watermark: only the gate, after an approval, asks for it.
    case schoolWatermark(Watermark)
    /// A banner saying the image did not come out of the gate.
    case notApproved(banner: String)
}

public struct Watermark: Sendable, Equatable {
    public enum Gravity: String, Sendable, CaseIterable, Codable {
        case northWest = "north-west", north, northEast = "north-east"
        case west, centre, east
        case southWest = "south-west", south, southEast = "south-east"
    }

    /// Absolute path of a PNG with alpha, or nil for text only.
    public var logoPath: String?
    /// A line of text (the school's name), or nil for the logo only.
    public var text: String?
    public var font: String
    public var gravity: Gravity
    /// Distance from the edges, as a fraction of the derivative's width.
    public var margin: Double
    /// 0 (invisible) ... 1 (opaque).
    public var opacity: Double
    /// Width of the mark as a fraction of the derivative's width.
    public var relativeWidth: Double
    /// Repeat the mark across the whole image.
    public var tiled: Bool

    public init(logoPath: String?, text: String?, font: String = "DejaVu Sans Bold",
                gravity: Gravity = .southEast, margin: Double = 0.02, opacity: Double = 0.7,
                relativeWidth: Double = 0.2, tiled: Bool = false) {
        self.logoPath = logoPath
        self.text = text
        self.font = font
        self.gravity = gravity
        self.margin = margin
        self.opacity = opacity
        self.relativeWidth = relativeWidth
        self.tiled = tiled
    }
}

/// The EXIF a derivative carries: the school's name and nothing else unless asked.
public struct ExifSettings: Sendable, Equatable {
    public var artist: String
    public var copyright: String
    public var keep: [KeepableExifTag]

    public init(artist: String, copyright: String, keep: [KeepableExifTag] = []) {
        self.artist = artist
        self.copyright = copyright
        self.keep = keep
    }
}
