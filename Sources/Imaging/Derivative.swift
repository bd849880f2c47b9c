import ImageStructure

/// A finished, verified JPEG, still in memory: writing it is the caller's job.
public struct Derivative: Sendable {
    public let jpeg: [UInt8]
    public let width: Int
    public let height: Int
    public let source: SourceSummary
}

/// What the submitted file was, and what consentgate left behind.
public struct SourceSummary: Sendable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int
    /// The EXIF orientation the photo was turned upright from (1 = already upright).
    public let orientation: Int
    /// Kinds of metadata the source carried and the derivative does not, in
    /// words a teacher understands ("GPS location", "camera serial number").
    public let removed: [String]
}

/// What a photo is, read from its header before anything is decoded.
public struct Inspection: Sendable {
    let identified: Identified
    public var format: ImageFormat { identified.format }
    public let width: Int
    public let height: Int
    /// Every XMP packet the file carries, where people tags live.
    public let xmp: EmbeddedXMP.Found
}
