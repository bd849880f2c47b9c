import ImageStructure

/// Step 1: what the bytes are, whether they are all there, whether they are
/// small enough to open. Nothing is decoded yet.
enum Identify {
    static func run(_ bytes: [UInt8], limits: InputLimits) throws(ImageRefusal) -> ImageFormat {
        guard !bytes.isEmpty else {
            throw ImageRefusal(.truncated, "The file is empty: it may not have finished copying.")
        }
        guard bytes.count <= limits.maxBytes else {
            throw ImageRefusal(.tooLarge, "The file is \(megabytes(bytes.count)) MB; the most the gate accepts is \(megabytes(limits.maxBytes)) MB.")
        }
        let format = ImageFormat.sniff(bytes)
        guard format.isAllowed else {
            throw ImageRefusal(.unsupportedFormat, "This file is \(format.described), not a photo. Photos must be JPEG, HEIC, PNG, WebP or TIFF.")
        }
        switch Completeness.check(bytes, as: format) {
        case .complete:
            return format
        case .truncated:
            throw ImageRefusal(.truncated, "The \(format.displayName) file is cut off part way: it may not have finished copying.")
        case .malformed(let reason):
            throw ImageRefusal(.corrupt, "The \(format.displayName) file is damaged (\(reason)).")
        }
    }

    static func megabytes(_ count: Int) -> String {
        let tenths = (count * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10)"
    }
}
