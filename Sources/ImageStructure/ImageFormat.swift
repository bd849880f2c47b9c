/// What a file is, judged from its first bytes alone (never from its name).
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp, tiff, heif, avif
    case gif, svg, pdf, bmp, jpegXL = "jpeg-xl", unknown

    /// The formats a school photo may arrive in.
    public var isAllowed: Bool {
        switch self {
        case .jpeg, .png, .webp, .tiff, .heif, .avif: true
        default: false
        }
    }

    /// A HEIF file (HEIC, AVIF): items in ISO boxes, decoded by libheif,
    /// turned by its own rotation property and never by EXIF.
    public var isHEIF: Bool { self == .heif || self == .avif }

    /// A name a teacher recognises.
    public var displayName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .webp: "WebP"
        case .tiff: "TIFF"
        case .heif: "HEIC"
        case .avif: "AVIF"
        case .gif: "GIF"
        case .svg: "SVG drawing"
        case .pdf: "PDF document"
        case .bmp: "BMP"
        case .jpegXL: "JPEG XL"
        case .unknown: "unrecognised"
        }
    }

    /// The format with an article, for sentences: "an SVG drawing".
    public var described: String {
        switch self {
        case .svg: "an SVG drawing"
        case .pdf: "a PDF document"
        case .avif: "an AVIF image"
        case .unknown: "not a picture format the gate recognises"
        default: "a \(displayName) image"
        }
    }

    public static func sniff(_ bytes: [UInt8]) -> ImageFormat {
        let reader = ByteReader(bytes)
        if reader.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if reader.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if reader.starts(with: Array(ascii: "RIFF")), reader.starts(with: Array(ascii: "WEBP"), at: 8) {
            return .webp
        }
        if reader.starts(with: [0x49, 0x49, 0x2A, 0x00]) || reader.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            return .tiff
        }
        if reader.starts(with: Array(ascii: "GIF8")) { return .gif }
        if reader.starts(with: Array(ascii: "%PDF")) { return .pdf }
        if reader.starts(with: Array(ascii: "BM")) { return .bmp }
        if reader.starts(with: [0xFF, 0x0A])
            || reader.starts(with: [0, 0, 0, 0x0C, 0x4A, 0x58, 0x4C, 0x20]) { return .jpegXL }
        if let brands = ISOBaseMedia.fileTypeBrands(bytes) {
            // The major brand decides; compatible brands ("mif1") are shared by both.
            for brand in brands {
                if ["avif", "avis"].contains(brand) { return .avif }
                if heicBrands.contains(brand) { return .heif }
            }
            return .unknown
        }
        if looksLikeMarkup(bytes) { return .svg }
        return .unknown
    }

    private static let heicBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]

    /// SVG (and any XML) is text: a BOM or whitespace, then '<'.
    private static func looksLikeMarkup(_ bytes: [UInt8]) -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "<")
    }
}

enum ISOBaseMedia {
    /// The major and compatible brands of an `ftyp` box at the start, or nil.
    static func fileTypeBrands(_ bytes: [UInt8]) -> [String]? {
        let reader = ByteReader(bytes)
        guard reader.starts(with: Array(ascii: "ftyp"), at: 4), let size = reader.u32(0),
              size >= 16, size <= 4096 else { return nil }
        var brands: [String] = []
        var offset = 8
        while offset + 4 <= min(Int(size), bytes.count) {
            if offset != 12, let slice = reader.slice(offset, 4) {  // 12..<16 is the minor version
                brands.append(String(decoding: slice, as: UTF8.self))
            }
            offset += 4
        }
        return brands
    }
}
