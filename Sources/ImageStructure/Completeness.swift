/// Whether a file holds all the bytes its own structure announces.
///
/// Decoders are forgiving: libjpeg fills a half-copied photo with grey rows
/// and calls it a success. A photo still being copied into an inbox must be
/// told apart from a whole one before anything decodes it.
public enum Completeness: Equatable, Sendable {
    case complete
    case truncated
    case malformed(String)

    public static func check(_ bytes: [UInt8], as format: ImageFormat) -> Completeness {
        switch format {
        case .jpeg: jpeg(bytes)
        case .png: png(bytes)
        case .webp: riff(bytes)
        case .heif, .avif: isoBaseMedia(bytes)
        default: .complete  // TIFF: offsets everywhere; libvips' fail_on judges it.
        }
    }

    static func jpeg(_ bytes: [UInt8]) -> Completeness {
        do throws(JPEGFile.Problem) {
            _ = try JPEGFile(parsing: bytes)
            return .complete
        } catch {
            switch error {
            case .truncated: return .truncated
            case .malformed(let reason): return .malformed(reason)
            }
        }
    }

    static func png(_ bytes: [UInt8]) -> Completeness {
        walkPNG(bytes) { _ in false }
    }

    /// Walks a PNG's chunks in order, handing `stop` each one's type, until
    /// it says to stop or the IEND chunk (both `.complete`), or the chunks
    /// run past the end or make no sense.
    static func walkPNG(_ bytes: [UInt8], until stop: (ArraySlice<UInt8>) -> Bool) -> Completeness {
        let reader = ByteReader(bytes)
        var offset = 8
        while true {
            guard let length = reader.u32(offset), let type = reader.slice(offset + 4, 4) else { return .truncated }
            guard length <= 0x7FFF_FFFF else { return .malformed("chunk length \(length)") }
            guard reader.slice(offset + 8, Int(length) + 4) != nil else { return .truncated }
            if type.elementsEqual(Array(ascii: "IEND")) || stop(type) { return .complete }
            offset += 12 + Int(length)
        }
    }

    /// Whether a PNG is an animation (APNG): an `acTL` chunk before the
    /// image data. Its default image need not be one of the frames a
    /// viewer plays, so no one picture stands for it.
    public static func isAnimatedPNG(_ bytes: [UInt8]) -> Bool {
        var animated = false
        _ = walkPNG(bytes) { type in
            animated = type.elementsEqual(Array(ascii: "acTL"))
            return animated || type.elementsEqual(Array(ascii: "IDAT"))
        }
        return animated
    }

    static func riff(_ bytes: [UInt8]) -> Completeness {
        guard let size = ByteReader(bytes, bigEndian: false).u32(4) else { return .truncated }
        return Int(size) + 8 <= bytes.count ? .complete : .truncated
    }

    static func isoBaseMedia(_ bytes: [UInt8]) -> Completeness {
        let reader = ByteReader(bytes)
        var offset = 0
        while offset < bytes.count {
            guard let size32 = reader.u32(offset) else { return .truncated }
            var size = UInt64(size32)
            if size32 == 1 {
                guard let high = reader.u32(offset + 8), let low = reader.u32(offset + 12) else { return .truncated }
                size = UInt64(high) << 32 | UInt64(low)
            } else if size32 == 0 {
                return .complete  // the last box runs to the end of the file
            }
            guard size >= 8 else { return .malformed("box of size \(size) at byte \(offset)") }
            guard size <= UInt64(bytes.count - offset) else { return .truncated }
            offset += Int(size)
        }
        return .complete
    }
}
