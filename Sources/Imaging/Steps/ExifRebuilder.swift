import CShims
import CExif
import ImageStructure

/// Builds a derivative's EXIF from nothing, through libexif: the school's
/// Artist and Copyright, Orientation 1, and only the tags the school chose to
/// keep, copied from the source by value. Everything else the source carried
/// (GPS, maker notes, serial numbers, owner, thumbnail) is left behind by
/// construction rather than deleted one by one.
struct ExifRebuilder {
    let settings: ExifSettings

    struct Result {
        /// `Exif\0\0` + TIFF structure: the payload of one APP1 segment.
        let payload: [UInt8]
        /// What the source's EXIF held that the derivative does not.
        let removed: [String]
    }

    /// - Parameter source: the source's EXIF block as libvips found it, if any.
    func rebuild(from source: [UInt8]?) throws(ImageRefusal) -> Result {
        let parsed = source.flatMap(Self.parse)
        defer { if let parsed { exif_data_unref(parsed) } }

        let order = parsed.map { exif_data_get_byte_order($0) } ?? EXIF_BYTE_ORDER_MOTOROLA
        guard let output = cg_exif_new(order) else {
            throw ImageRefusal(.processingFailed, "Could not allocate EXIF data.")
        }
        defer { exif_data_unref(output) }

        var ok = cg_exif_set_short(output, EXIF_IFD_0, EXIF_TAG_ORIENTATION, 1) == 0
        ok = ok && cg_exif_set_ascii(output, EXIF_IFD_0, EXIF_TAG_ARTIST, settings.artist) == 0
        ok = ok && cg_exif_set_ascii(output, EXIF_IFD_0, EXIF_TAG_COPYRIGHT, settings.copyright) == 0
        if let parsed {
            for kept in settings.keep {
                let ifd = kept.directory == .ifd0 ? EXIF_IFD_0 : EXIF_IFD_EXIF
                guard let entry = cg_exif_find(parsed, ifd, ExifTag(UInt32(kept.tag))),
                      entry.pointee.size <= Self.maxKeptValueSize else { continue }
                ok = ok && cg_exif_copy_entry(output, ifd, entry) == 0
            }
        }
        guard ok else { throw ImageRefusal(.processingFailed, "Could not build the photo's EXIF data.") }

        var buffer: UnsafeMutablePointer<UInt8>?
        var size: UInt32 = 0
        exif_data_save_data(output, &buffer, &size)
        guard let buffer, size > 0 else {
            throw ImageRefusal(.processingFailed, "Could not write the photo's EXIF data.")
        }
        defer { free(buffer) }
        let payload = Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
        guard payload.count <= 65_533, payload.starts(with: JPEGFile.exifIdentifier) else {
            throw ImageRefusal(.processingFailed, "libexif wrote EXIF data consentgate cannot use.")
        }
        return Result(payload: payload, removed: parsed.map(Self.describeRemoved) ?? (source == nil ? [] : ["unreadable EXIF data"]))
    }

    /// A kept value is a date, a name or a few numbers: anything longer is
    /// not what the tag should hold, so it is not carried over.
    static let maxKeptValueSize: UInt32 = 64

    /// The same TIFF structure the header check parsed, behind the
    /// `Exif\0\0` identifier libexif wants. (The check has refused an APP1
    /// segment where one may not be.)
    private static func parse(_ block: [UInt8]) -> UnsafeMutablePointer<ExifData>? {
        guard let tiff = ExifDirectories.tiff(in: block, inAPP1Segment: true) else { return nil }
        let bytes = JPEGFile.exifIdentifier + tiff
        guard bytes.count <= Int(UInt32.max) else { return nil }
        return bytes.withUnsafeBufferPointer { cg_exif_parse($0.baseAddress, UInt32($0.count)) }
    }

    private static func describeRemoved(_ data: UnsafeMutablePointer<ExifData>) -> [String] {
        var removed: [String] = []
        if cg_exif_count(data, EXIF_IFD_GPS) > 0 { removed.append("GPS location") }
        if cg_exif_count(data, EXIF_IFD_1) > 0 || cg_exif_has_thumbnail(data) != 0 { removed.append("embedded thumbnail") }
        let tags = Set((0 ..< EXIF_IFD_COUNT.rawValue).flatMap { raw -> [UInt32] in
            let ifd = ExifIfd(raw)
            return (0 ..< cg_exif_count(data, ifd)).compactMap { cg_exif_entry_at(data, ifd, $0)?.pointee.tag.rawValue }
        })
        for (tag, words) in identityTags where tags.contains(tag) && !removed.contains(words) {
            removed.append(words)
        }
        if !tags.isEmpty { removed.append("camera settings and dates") }
        return removed
    }

    private static let identityTags: [(UInt32, String)] = [
        (0x927C, "camera maker notes"), (0xA431, "camera serial number"), (0xA435, "camera serial number"),
        (0xA430, "camera owner's name"), (0x013B, "author's name"), (0x9C9D, "author's name"),
        (0x9286, "user comment"), (0x9C9C, "user comment"), (0xA420, "unique image id"),
        (0x010E, "image description"), (0x8298, "copyright notice"),
    ]
}

/// The EXIF step on its own, as the gate runs it: libexif parses the
/// source's block, and a new block is built from the allowlist. Public for
/// the fuzzer and for tests.
public struct ExifSanitizer: Sendable {
    let settings: ExifSettings

    public init(settings: ExifSettings) {
        self.settings = settings
    }

    /// The `Exif\0\0` payload of the derivative's APP1 segment.
    public func sanitize(_ source: [UInt8]?) throws(ImageRefusal) -> [UInt8] {
        try ExifRebuilder(settings: settings).rebuild(from: source).payload
    }
}
