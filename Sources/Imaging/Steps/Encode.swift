import CShims
import CVips
import ImageStructure

/// Step 6: JPEG with libvips writing no metadata at all (strip), then the
/// EXIF that libexif rebuilt spliced in as the only APP1 segment. On libvips
/// 8.14 a save that is not stripped keeps GPS, whatever blob is set.
///
/// The pipeline is computed here, as the encoder pulls rows through it, so a
/// failure here is usually the source failing to decode: `refusal` says
/// which code it gets.
enum Encode {
    static func run(_ image: VImage, quality: Int, exif: [UInt8],
                    refusal: (VipsError) -> ImageRefusal) throws(ImageRefusal) -> [UInt8] {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        guard cg_jpegsave_buffer(image.pointer, &buffer, &length, Int32(quality)) == 0, let buffer else {
            throw refusal(VipsError(message: Vips.takeErrorMessage()))
        }
        defer { g_free(buffer) }
        let encoded = UnsafeRawBufferPointer(start: buffer, count: length)
        return try splice(exif: exif, into: encoded)
    }

    /// SOI, then JFIF if present (it must come first), then our APP1, then the rest.
    static func splice(exif: [UInt8], into jpeg: UnsafeRawBufferPointer) throws(ImageRefusal) -> [UInt8] {
        guard jpeg.count > 4, jpeg[0] == 0xFF, jpeg[1] == 0xD8 else {
            throw ImageRefusal(.processingFailed, "libvips wrote something that is not a JPEG.")
        }
        var insertAt = 2
        if jpeg[2] == 0xFF, jpeg[3] == 0xE0, jpeg.count > 6 {
            insertAt = 4 + Int(jpeg[4]) << 8 + Int(jpeg[5])
        }
        guard insertAt <= jpeg.count else { throw ImageRefusal(.processingFailed, "libvips wrote a malformed JPEG.") }
        let segmentLength = exif.count + 2
        var output: [UInt8] = []
        output.reserveCapacity(jpeg.count + segmentLength + 2)
        output.append(contentsOf: jpeg[0 ..< insertAt])
        output.append(contentsOf: [0xFF, 0xE1, UInt8(segmentLength >> 8), UInt8(segmentLength & 0xFF)])
        output.append(contentsOf: exif)
        output.append(contentsOf: jpeg[insertAt...])
        return output
    }
}
