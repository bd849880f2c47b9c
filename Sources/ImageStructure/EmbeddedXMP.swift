/// Every XMP packet a photo carries, from every place its container can keep
/// one and exiftool reads one: who is pictured is read from all of them,
/// since a viewer or a photo library may show any. libvips 8.14 hands on at
/// most one packet, and none at all from a HEIC.
///
/// | container | where |
/// |---|---|
/// | JPEG | every APP1 XMP segment; Extended XMP (APP1, reassembled by GUID); Photoshop's APP13 (resource 0x0424); EXIF's XMLPacket tag |
/// | PNG | iTXt, zTXt and tEXt `XML:com.adobe.xmp`, compressed or not; ImageMagick's `Raw profile type xmp`; eXIf's XMLPacket |
/// | WebP | every `XMP ` chunk; the EXIF chunk's XMLPacket |
/// | TIFF | XMLPacket (700) and Photoshop (34377) in every directory |
/// | HEIC, AVIF | every `mime` item of type `application/rdf+xml`; the XMP `uuid` box; Exif items' XMLPacket |
///
/// A place that is there but cannot be read whole is an error, never an
/// absence: the photo's own tags might be the part that is missing.
public enum EmbeddedXMP {
    public struct Problem: Error, Sendable, Equatable {
        public let reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    public struct Found: Sendable, Equatable {
        /// Each packet's bytes (standard and extended packets each whole).
        public var packets: [[UInt8]] = []
        /// The GUIDs of the Extended XMP the file holds (a standard packet
        /// names its extension with `xmpNote:HasExtendedXMP`).
        public var extensionGUIDs: Set<String> = []

        /// Bytes taken so far, duplicates included: what a file may make the
        /// reader hold or inflate is bounded as a whole, not per packet.
        public private(set) var total = 0
        private var seen: Set<[UInt8]> = []

        public init(packets: [[UInt8]] = [], extensionGUIDs: Set<String> = []) {
            self.packets = packets
            self.extensionGUIDs = extensionGUIDs
            seen = Set(packets)
        }

        /// What is left of the budget for the next packet or inflation.
        public var remaining: Int { max(0, EmbeddedXMP.totalLimit - total) }

        public mutating func add(_ packet: some Collection<UInt8>) throws(Problem) {
            total += packet.count
            guard total <= EmbeddedXMP.totalLimit else {
                throw Problem("the photo holds more than \(EmbeddedXMP.totalLimit / 1_048_576) MB of XMP")
            }
            let bytes = Array(packet)
            if seen.insert(bytes).inserted { packets.append(bytes) }
        }
    }

    /// Decompresses a zlib stream, nil if it is broken or longer than the limit.
    public typealias Inflate = @Sendable (_ compressed: [UInt8], _ limit: Int) -> [UInt8]?

    /// No packet may be larger: it is not a photo's metadata.
    public static let sizeLimit = 16 * 1024 * 1024
    /// Nor may all of them together.
    public static let totalLimit = 32 * 1024 * 1024

    public static func find(in bytes: [UInt8], format: ImageFormat, inflate: Inflate) throws(Problem) -> Found {
        var found = Found()
        switch format {
        case .jpeg: try jpeg(bytes, into: &found)
        case .png: try png(bytes, inflate: inflate, into: &found)
        case .webp: try webp(bytes, into: &found)
        case .tiff: try tiff(bytes, into: &found)
        case .heif, .avif: try heif(bytes, inflate: inflate, into: &found)
        default: break
        }
        return found
    }

    static let standardJPEG = Array(ascii: "http://ns.adobe.com/xap/1.0/") + [0]
    static let shortJPEG = Array(ascii: "XMP") + [0]
    static let extendedJPEG = Array(ascii: "http://ns.adobe.com/xmp/extension/") + [0]
    static let photoshopJPEG = Array(ascii: "Photoshop 3.0") + [0]

    static func jpeg(_ bytes: [UInt8], into found: inout Found) throws(Problem) {
        let file: JPEGFile
        do {
            file = try JPEGFile(parsing: bytes)
        } catch {
            throw Problem("the JPEG's structure cannot be read")
        }
        var extended = ExtendedXMP()
        var photoshop: [UInt8] = []
        for segment in file.segments {
            let payload = file.payload(of: segment)
            switch segment.marker {
            case 0xE1 where payload.starts(with: standardJPEG):
                try found.add(payload.dropFirst(standardJPEG.count))
            case 0xE1 where payload.starts(with: shortJPEG):
                try found.add(payload.dropFirst(shortJPEG.count))
            case 0xE1 where payload.starts(with: extendedJPEG):
                try extended.add(payload.dropFirst(extendedJPEG.count))
            case 0xE1 where payload.starts(with: JPEGFile.exifIdentifier):
                try exif(Array(payload.dropFirst(JPEGFile.exifIdentifier.count)), into: &found)
            case 0xED where payload.starts(with: photoshopJPEG):
                // A resource block may be split over several APP13 segments.
                photoshop += payload.dropFirst(photoshopJPEG.count)
            default:
                break
            }
        }
        if !photoshop.isEmpty { try photoshopResources(photoshop, into: &found) }
        for (guid, packet) in try extended.assembled() {
            try found.add(packet)
            found.extensionGUIDs.insert(guid)
        }
    }

    /// Extended XMP: chunks of one packet, each with the packet's GUID (the
    /// MD5 of the whole, in hex), full length and offset.
    struct ExtendedXMP {
        var chunks: [String: (length: Int, parts: [(offset: Int, data: ArraySlice<UInt8>)])] = [:]

        mutating func add(_ chunk: ArraySlice<UInt8>) throws(Problem) {
            let reader = ByteReader(Array(chunk))
            guard let guidBytes = reader.slice(0, 32), let length = reader.u32(32), let offset = reader.u32(36) else {
                throw Problem("a part of the photo's extended XMP is cut short")
            }
            let guid = String(decoding: guidBytes, as: UTF8.self)
            let data = chunk.dropFirst(40)
            guard Int(length) <= sizeLimit else { throw Problem("the photo's extended XMP is \(length) bytes") }
            if let known = chunks[guid], known.length != Int(length) {
                throw Problem("the parts of the photo's extended XMP disagree on its length")
            }
            chunks[guid, default: (Int(length), [])].parts.append((Int(offset), data))
        }

        /// Each packet whole, or an error if any byte of it is missing or
        /// given twice.
        func assembled() throws(Problem) -> [(String, [UInt8])] {
            var packets: [(String, [UInt8])] = []
            for (guid, packet) in chunks.sorted(by: { $0.key < $1.key }) {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(packet.length)
                for part in packet.parts.sorted(by: { $0.offset < $1.offset }) {
                    guard part.offset == bytes.count else {
                        throw Problem("the photo's extended XMP has parts missing or overlapping")
                    }
                    bytes += part.data
                }
                guard bytes.count == packet.length else { throw Problem("the photo's extended XMP is incomplete") }
                packets.append((guid, bytes))
            }
            return packets
        }
    }

    /// Photoshop's image resource blocks: `8BIM`, an id, a padded Pascal
    /// name, a length and padded data. Resource 0x0424 is XMP.
    static func photoshopResources(_ bytes: [UInt8], into found: inout Found) throws(Problem) {
        let reader = ByteReader(bytes)
        var at = 0
        while at < bytes.count {
            // Some writers pad the end with zeros.
            if bytes[at...].allSatisfy({ $0 == 0 }) { return }
            guard let signature = reader.slice(at, 4), Self.photoshopSignatures.contains(Array(signature)),
                  let id = reader.u16(at + 4), let nameLength = reader.u8(at + 6) else {
                throw Problem("the photo's Photoshop metadata cannot be read")
            }
            let nameField = (1 + Int(nameLength) + 1) & ~1
            guard let size = reader.u32(at + 6 + nameField), let data = reader.slice(at + 10 + nameField, Int(size)) else {
                throw Problem("the photo's Photoshop metadata runs past its end")
            }
            if id == 0x0424 { try found.add(data) }
            at += 10 + nameField + ((Int(size) + 1) & ~1)
        }
    }

    static let photoshopSignatures: Set<[UInt8]> = [Array(ascii: "8BIM"), Array(ascii: "PHUT"), Array(ascii: "DCSR"), Array(ascii: "AgHg")]

    /// An EXIF block's TIFF structure: its XMLPacket and Photoshop tags.
    static func exif(_ block: [UInt8], into found: inout Found) throws(Problem) {
        guard let tiff = ExifDirectories.tiff(in: block, inAPP1Segment: true) else {
            // Something that is not EXIF where EXIF belongs: its XMLPacket cannot be ruled out.
            if block.count > 8 { throw Problem("an EXIF block has no TIFF header") }
            return
        }
        try self.tiff(tiff, into: &found)
    }

    static func tiff(_ bytes: [UInt8], into found: inout Found) throws(Problem) {
        for (tag, value) in try TIFFTags.values(of: [TIFFTags.xmlPacket, TIFFTags.photoshop], in: bytes) {
            if tag == TIFFTags.xmlPacket { try found.add(value) } else { try photoshopResources(value, into: &found) }
        }
    }
}
