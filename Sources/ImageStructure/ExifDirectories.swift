/// The image file directories (IFDs) of an EXIF block, parsed with every
/// offset bounds-checked and every directory visited at most once.
public struct ExifDirectories: Sendable {
    public enum Directory: String, Sendable, CaseIterable {
        case ifd0 = "IFD0", exif = "ExifIFD", gps = "GPS", interoperability = "InteropIFD", ifd1 = "IFD1"
    }

    public struct Entry: Sendable, Equatable {
        public let tag: UInt16
        public let type: UInt16
        public let count: UInt32
        /// The value's bytes, in the file's byte order.
        public let value: [UInt8]
    }

    public enum Problem: Error, Equatable, Sendable {
        case malformed(String)

        public var reason: String {
            switch self { case .malformed(let reason): reason }
        }
    }

    public let bigEndian: Bool
    public private(set) var entries: [Directory: [Entry]] = [:]
    /// Bytes of a thumbnail the IFD1 points at (JPEGInterchangeFormat).
    public private(set) var hasThumbnail = false

    public static let pointerTags: [UInt16: Directory] = [0x8769: .exif, 0x8825: .gps, 0xA005: .interoperability]

    /// - Parameter tiff: the bytes after `Exif\0\0`, starting with `II*\0` or `MM\0*`.
    public init(tiff: [UInt8]) throws(Problem) {
        let probe = ByteReader(tiff)
        if probe.starts(with: [0x49, 0x49, 0x2A, 0x00]) {
            bigEndian = false
        } else if probe.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            bigEndian = true
        } else {
            throw .malformed("no TIFF header")
        }
        let reader = ByteReader(tiff, bigEndian: bigEndian)
        guard let first = reader.u32(4) else { throw .malformed("no first directory offset") }
        var visited: Set<Int> = []
        var pending: [(Directory, Int)] = [(.ifd0, Int(first))]
        while let (directory, offset) = pending.popLast() {
            guard visited.insert(offset).inserted else { throw .malformed("directory loop at \(offset)") }
            guard entries[directory] == nil else { throw .malformed("\(directory.rawValue) appears twice") }
            let (found, next) = try Self.readDirectory(reader, at: offset)
            entries[directory] = found
            for entry in found {
                guard let child = Self.pointerTags[entry.tag] else { continue }
                guard directory == .ifd0 || (directory == .exif && child == .interoperability) else {
                    throw .malformed("\(child.rawValue) pointer inside \(directory.rawValue)")
                }
                guard entry.value.count == 4 else { throw .malformed("bad \(child.rawValue) pointer") }
                pending.append((child, Int(ByteReader(entry.value, bigEndian: bigEndian).u32(0)!)))
            }
            if directory == .ifd0, next != 0 {
                pending.append((.ifd1, next))
            } else if directory == .ifd1, next != 0 {
                throw .malformed("more than two image directories")
            }
            if directory == .ifd1 {
                hasThumbnail = found.contains { $0.tag == 0x0201 || $0.tag == 0x0111 }
                try Self.checkThumbnail(found, reader)
            }
        }
    }

    /// The TIFF structure inside an EXIF block as libvips hands it on:
    /// after `Exif\0\0` (JPEG, most HEIC), from the first byte (PNG's eXIf,
    /// some WebP), or, if `inAPP1Segment` is allowed, after a JPEG APP1
    /// marker, a length and `Exif\0\0` (Xiaomi phones store a HEIC's EXIF as
    /// a whole APP1 segment, and the item's own offset, which libvips does
    /// not read, skips it). libexif finds the TIFF header in all three
    /// places; viewers of a PNG or WebP look only in the first two. Nil if
    /// it is in none.
    public static func tiff(in block: [UInt8], inAPP1Segment: Bool) -> [UInt8]? {
        let identifier = JPEGFile.exifIdentifier
        let app1 = 4
        let start: Int
        if block.starts(with: identifier) {
            start = identifier.count
        } else if inAPP1Segment, block.starts(with: [0xFF, 0xE1]), block.dropFirst(app1).starts(with: identifier) {
            start = app1 + identifier.count
        } else {
            start = 0
        }
        let tiff = Array(block[start...])
        let isTIFF = tiff.starts(with: [0x49, 0x49, 0x2A, 0x00]) || tiff.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
        return isTIFF ? tiff : nil
    }

    /// A thumbnail (JPEGInterchangeFormat and its length) must lie inside the data.
    private static func checkThumbnail(_ entries: [Entry], _ reader: ByteReader) throws(Problem) {
        func long(_ tag: UInt16) -> Int? {
            guard let entry = entries.first(where: { $0.tag == tag }) else { return nil }
            let value = ByteReader(entry.value, bigEndian: reader.bigEndian)
            return entry.type == 3 ? value.u16(0).map(Int.init) : value.u32(0).map(Int.init)
        }
        guard let offset = long(0x0201) else { return }
        guard let length = long(0x0202), reader.slice(offset, length) != nil else {
            throw .malformed("the thumbnail lies outside the data")
        }
    }

    private static func readDirectory(_ reader: ByteReader, at offset: Int) throws(Problem) -> ([Entry], Int) {
        guard offset >= 8, let count = reader.u16(offset) else {
            throw .malformed("directory offset \(offset) outside the data")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        for index in 0 ..< Int(count) {
            let at = offset + 2 + index * 12
            guard let tag = reader.u16(at), let type = reader.u16(at + 2), let n = reader.u32(at + 4) else {
                throw .malformed("directory at \(offset) runs past the end")
            }
            guard let unit = typeSize[type] else { throw .malformed("tag 0x\(String(tag, radix: 16)) has unknown type \(type)") }
            let (size, overflow) = UInt32(unit).multipliedReportingOverflow(by: n)
            guard !overflow, size <= UInt32(reader.count) else {
                throw .malformed("tag 0x\(String(tag, radix: 16)) claims \(n) values")
            }
            let valueOffset: Int
            if size <= 4 {
                valueOffset = at + 8
            } else {
                guard let pointer = reader.u32(at + 8) else { throw .malformed("truncated entry") }
                valueOffset = Int(pointer)
            }
            guard let value = reader.slice(valueOffset, Int(size)) else {
                throw .malformed("tag 0x\(String(tag, radix: 16)) points outside the data")
            }
            entries.append(Entry(tag: tag, type: type, count: n, value: Array(value)))
        }
        guard let next = reader.u32(offset + 2 + Int(count) * 12) else {
            throw .malformed("directory at \(offset) has no next-directory offset")
        }
        return (entries, Int(next))
    }

    /// Bytes per value of each TIFF field type.
    static let typeSize: [UInt16: Int] = [
        1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4,
    ]

    public func entry(_ tag: UInt16, in directory: Directory) -> Entry? {
        entries[directory]?.first { $0.tag == tag }
    }

    /// A SHORT value as a number.
    public func shortValue(_ entry: Entry) -> UInt16? {
        guard entry.type == 3, entry.count == 1 else { return nil }
        return ByteReader(entry.value, bigEndian: bigEndian).u16(0)
    }

    /// An ASCII value without its terminating NULs.
    public func asciiValue(_ entry: Entry) -> String? {
        guard entry.type == 2 else { return nil }
        var bytes = entry.value
        while bytes.last == 0 { bytes.removeLast() }
        return String(validating: bytes, as: UTF8.self)
    }
}
