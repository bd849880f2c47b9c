#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The marker segments of a JPEG file, walked without decoding any pixels.
///
/// Used twice: on what arrives, to tell a half-copied file (no end-of-image
/// marker) from a whole one, and on what consentgate writes, to prove that no
/// segment outside the allowlist is there.
public struct JPEGFile: Sendable {
    public struct Segment: Sendable, Equatable {
        /// The byte after 0xFF: 0xE1 for APP1, 0xDA for start-of-scan, ...
        public let marker: UInt8
        /// Where the segment's payload (after the two length bytes) starts.
        public let payloadOffset: Int
        public let payloadLength: Int

        public var isApplication: Bool { (0xE0...0xEF).contains(marker) }
    }

    public enum Problem: Error, Equatable, Sendable {
        /// The bytes stop before the end-of-image marker.
        case truncated
        /// The bytes are not a well-formed JPEG marker sequence.
        case malformed(String)
    }

    public let segments: [Segment]
    /// Bytes after the end-of-image marker (Motion Photo videos, padding, ...).
    public let trailerLength: Int
    public let width: Int
    public let height: Int
    public let components: Int
    public let isProgressive: Bool
    private let bytes: [UInt8]

    public init(parsing bytes: [UInt8]) throws(Problem) {
        self.bytes = bytes
        let reader = ByteReader(bytes)
        guard reader.starts(with: [0xFF, 0xD8]) else { throw .malformed("no start-of-image marker") }
        var segments: [Segment] = []
        var frame: (width: Int, height: Int, components: Int, progressive: Bool)?
        var offset = 2
        var sawScan = false
        while true {
            guard let first = reader.u8(offset) else { throw .truncated }
            guard first == 0xFF else { throw .malformed("expected a marker at byte \(offset)") }
            // Any number of 0xFF fill bytes may precede a marker.
            while reader.u8(offset + 1) == 0xFF { offset += 1 }
            guard let marker = reader.u8(offset + 1) else { throw .truncated }
            offset += 2
            switch marker {
            case 0xD9:
                guard frame != nil, sawScan else { throw .malformed("image ends before any picture data") }
                self.segments = segments
                self.trailerLength = bytes.count - offset
                (self.width, self.height, self.components, self.isProgressive) = frame!
                return
            case 0xD8, 0x00:
                throw .malformed("unexpected marker 0x\(String(marker, radix: 16)) at byte \(offset - 2)")
            case 0xD0...0xD7, 0x01:
                continue  // restart markers and TEM carry no length
            default:
                break
            }
            guard let length = reader.u16(offset) else { throw .truncated }
            guard length >= 2 else { throw .malformed("segment length \(length) at byte \(offset)") }
            let payloadLength = Int(length) - 2
            guard reader.slice(offset + 2, payloadLength) != nil else { throw .truncated }
            segments.append(Segment(marker: marker, payloadOffset: offset + 2, payloadLength: payloadLength))
            if Self.isStartOfFrame(marker) {
                guard frame == nil else { throw .malformed("more than one frame header") }
                guard payloadLength >= 6, let h = reader.u16(offset + 3), let w = reader.u16(offset + 5),
                      let n = reader.u8(offset + 7) else { throw .malformed("short frame header") }
                frame = (Int(w), Int(h), Int(n), marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE)
            }
            offset += Int(length)
            if marker == 0xDA {
                guard frame != nil else { throw .malformed("picture data before the frame header") }
                sawScan = true
                offset = try Self.endOfEntropyCodedData(reader, from: offset)
            }
        }
    }

    /// SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
    }

    /// Skips compressed data: a 0xFF inside it is followed by 0x00 (stuffing)
    /// or a restart marker; anything else is the next real marker.
    private static func endOfEntropyCodedData(_ reader: ByteReader, from start: Int) throws(Problem) -> Int {
        // memchr finds each 0xFF far faster than a byte-by-byte loop: a 12 MP
        // photo is megabytes of compressed data, walked for every submission.
        let found: Int? = reader.bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let end = buffer.count
            var index = start
            while index < end {
                guard let hit = memchr(base + index, 0xFF, end - index) else { return nil }
                index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                guard index + 1 < end else { return nil }
                let next = buffer[index + 1]
                if next == 0x00 || (0xD0...0xD7).contains(next) {
                    index += 2
                } else if next == 0xFF {
                    index += 1
                } else {
                    return index
                }
            }
            return nil
        }
        guard let found else { throw .truncated }
        return found
    }

    public func payload(of segment: Segment) -> ArraySlice<UInt8> {
        bytes[segment.payloadOffset ..< segment.payloadOffset + segment.payloadLength]
    }

    /// Start-of-scan segments: one in a baseline JPEG, about ten in a
    /// progressive one. libjpeg runs every scan before the first row comes
    /// out, so their number is decoding time nothing can interrupt.
    public var scanCount: Int { segments.count { $0.marker == 0xDA } }

    /// The payload of the first APP1 segment that starts with `Exif\0\0`,
    /// without that identifier: a TIFF structure.
    public var exifSegments: [Segment] {
        segments.filter { $0.marker == 0xE1 && payload(of: $0).starts(with: Self.exifIdentifier) }
    }

    public static let exifIdentifier: [UInt8] = Array(ascii: "Exif") + [0, 0]
    public static let jfifIdentifier: [UInt8] = Array(ascii: "JFIF") + [0]
}
