/// The EXIF tags a published photo may carry beyond the school's own
/// (Orientation, Artist, Copyright), when the configuration asks for them.
/// None of them says where a photo was taken or who owns the camera.
public enum KeepableExifTag: String, Sendable, CaseIterable, Codable {
    case dateTimeOriginal = "DateTimeOriginal"
    case make = "Make"
    case model = "Model"
    case exposureTime = "ExposureTime"
    case fNumber = "FNumber"
    case isoSpeed = "ISOSpeedRatings"
    case focalLength = "FocalLength"
    case flash = "Flash"

    public var tag: UInt16 {
        switch self {
        case .dateTimeOriginal: 0x9003
        case .make: 0x010F
        case .model: 0x0110
        case .exposureTime: 0x829A
        case .fNumber: 0x829D
        case .isoSpeed: 0x8827
        case .focalLength: 0x920A
        case .flash: 0x9209
        }
    }

    public var directory: ExifDirectories.Directory {
        switch self {
        case .make, .model: .ifd0
        default: .exif
        }
    }
}

/// Tags the school writes into every derivative.
public enum SchoolExifTag {
    public static let orientation: UInt16 = 0x0112
    public static let artist: UInt16 = 0x013B
    public static let copyright: UInt16 = 0x8298
}

/// Names for the tags that matter when explaining what was found.
public enum ExifTagNames {
    public static func name(_ tag: UInt16) -> String {
        names[tag] ?? "tag 0x" + String(tag, radix: 16, uppercase: true)
    }

    static let names: [UInt16: String] = [
        0x0112: "Orientation", 0x013B: "Artist", 0x8298: "Copyright", 0x8769: "ExifIFD pointer",
        0x8825: "GPS pointer", 0xA005: "Interoperability pointer", 0x927C: "MakerNote",
        0x9286: "UserComment", 0xA420: "ImageUniqueID", 0xA430: "CameraOwnerName",
        0xA431: "BodySerialNumber", 0xA435: "LensSerialNumber", 0x010E: "ImageDescription",
        0x0131: "Software", 0x0132: "DateTime", 0x9003: "DateTimeOriginal", 0x010F: "Make",
        0x0110: "Model", 0x829A: "ExposureTime", 0x829D: "FNumber", 0x8827: "ISOSpeedRatings",
        0x920A: "FocalLength", 0x9209: "Flash", 0x0201: "ThumbnailOffset", 0x0202: "ThumbnailLength",
        0x9C9B: "XPTitle", 0x9C9C: "XPComment", 0x9C9D: "XPAuthor", 0x9C9E: "XPKeywords",
        0x02BC: "XMP (in TIFF)", 0x83BB: "IPTC (in TIFF)",
    ]
}
