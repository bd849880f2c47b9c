import ImageStructure

/// Step 1: what the bytes are, whether they are all there, whether they are
/// small enough to open. Nothing is decoded yet; the container is walked
/// once, and what it hides outside its metadata is noted on the way.
struct Identified: Sendable {
    let format: ImageFormat
    /// What the container carries besides pixels and metadata fields ("a JPEG comment").
    let extras: [String]
}

enum Identify {
    static func run(_ bytes: [UInt8], limits: InputLimits) throws(ImageRefusal) -> Identified {
        guard !bytes.isEmpty else {
            throw ImageRefusal(.truncated, "The file is empty: it may not have finished copying.")
        }
        guard bytes.count <= limits.maxBytes else {
            throw ImageRefusal(.tooLarge, "The file is \(megabytes(bytes.count)) MB; the most the gate accepts is \(megabytes(limits.maxBytes)) MB.")
        }
        let format = ImageFormat.sniff(bytes)
        guard format.isAllowed else {
            let what = format == .unknown ? "This file is not in any picture format the gate recognises."
                : "This file is \(format.described), not a photo."
            throw ImageRefusal(.unsupportedFormat, what + " Photos must be JPEG, HEIC, PNG, WebP or TIFF.")
        }
        if format == .jpeg {
            do {
                let file = try JPEGFile(parsing: bytes)
                // The frame header's own dimensions, before libvips or libjpeg see them.
                try ReadHeader.checkDimensions(width: file.width, height: file.height, limits: limits)
                guard file.scanCount <= Self.maxScans else {
                    throw ImageRefusal(.corrupt, "The JPEG is split into \(file.scanCount) scans, where photos use a few dozen at most; decoding it would take minutes, so it was refused.")
                }
                let exif = file.exifSegments
                guard exif.count <= 1 else {
                    throw ImageRefusal(.metadataUnreadable, "The photo holds \(exif.count) EXIF blocks, so which one applies (and what they say) is in doubt; it was not published.")
                }
                if let segment = exif.first {
                    try ReadHeader.checkExif(Array(file.payload(of: segment)), format: .jpeg)
                }
                return Identified(format: format, extras: jpegExtras(file))
            } catch let refusal as ImageRefusal {
                throw refusal
            } catch let error as JPEGFile.Problem {
                switch error {
                case .truncated: throw refusal(.truncated, format)
                case .malformed(let reason): throw refusal(.malformed(reason), format)
                }
            } catch {
                throw ImageRefusal(.processingFailed, "\(error)")
            }
        }
        let completeness = Completeness.check(bytes, as: format)
        guard completeness == .complete else { throw refusal(completeness, format) }
        if format == .png, Completeness.isAnimatedPNG(bytes) {
            throw ImageRefusal(.unsupportedFormat, "This PNG is an animation (APNG); the gate publishes still photos only.")
        }
        return Identified(format: format, extras: [])
    }

    /// libjpeg-turbo's own limit on scans (TurboJPEG's default).
    static let maxScans = 500

    static func refusal(_ completeness: Completeness, _ format: ImageFormat) -> ImageRefusal {
        switch completeness {
        case .truncated, .complete:
            ImageRefusal(.truncated, "The \(format.displayName) file is cut off part way: it may not have finished copying.")
        case .malformed(let reason):
            ImageRefusal(.corrupt, "The \(format.displayName) file is damaged (\(reason)).")
        }
    }

    /// What a JPEG can hide outside its metadata fields.
    static func jpegExtras(_ file: JPEGFile) -> [String] {
        var extras: [String] = []
        let payloads = file.segments.map { ($0.marker, file.payload(of: $0)) }
        if payloads.contains(where: { $0.0 == 0xE2 && $0.1.starts(with: Array("MPF".utf8)) }) {
            extras.append("a hidden second image (MPF)")
        }
        if payloads.contains(where: { $0.0 == 0xFE }) { extras.append("a JPEG comment") }
        if file.trailerLength > 0 { extras.append("data after the image (\(file.trailerLength) bytes)") }
        return extras
    }

    static func megabytes(_ count: Int) -> String {
        let tenths = (count * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10)"
    }
}
