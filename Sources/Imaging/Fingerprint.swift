import CShims
import CVips
import ImageStructure
import Foundation

/// Decoded pixels at a tiny, fixed size: enough to recognise a photo after
/// Facebook has re-encoded and resized it, or to compare two renderings.
public enum Fingerprint {
    /// 8-bit grey pixels, `width` x `height`, row by row.
    public static func greyPixels(of bytes: [UInt8], width: Int, height: Int) throws(ImageRefusal) -> [UInt8] {
        try pixels(of: bytes, width: width, height: height, space: VIPS_INTERPRETATION_B_W, bands: 1)
    }

    /// 8-bit sRGB pixels, three per pixel, `width` x `height`, row by row.
    public static func colourPixels(of bytes: [UInt8], width: Int, height: Int) throws(ImageRefusal) -> [UInt8] {
        try pixels(of: bytes, width: width, height: height, space: VIPS_INTERPRETATION_sRGB, bands: 3)
    }

    /// A small JPEG of any allowed image, no metadata: for reports.
    public static func thumbnailJPEG(of bytes: [UInt8], longEdge: Int) throws(ImageRefusal) -> [UInt8] {
        try small(bytes, .longEdge(longEdge)) { image throws(VipsError) in
            let srgb = try image.then { cg_colourspace($0, $1, VIPS_INTERPRETATION_sRGB) }
            var output: UnsafeMutableRawPointer?
            var length = 0
            guard cg_jpegsave_buffer(srgb.pointer, &output, &length, 75) == 0, let output else {
                throw VipsError(message: Vips.takeErrorMessage())
            }
            defer { g_free(output) }
            return Array(UnsafeRawBufferPointer(start: output, count: length))
        }
    }

    static func pixels(of bytes: [UInt8], width: Int, height: Int, space: VipsInterpretation, bands: Int) throws(ImageRefusal) -> [UInt8] {
        try small(bytes, .exactly(width: width, height: height)) { image throws(VipsError) in
            try image
                .then { cg_colourspace($0, $1, space) }
                .then { cg_extract_band($0, $1, 0, Int32(bands)) }
                .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
                .pixels()
        }
    }

    /// The common start of every small picture: an allowed format whose
    /// header passes the gate's limits (the audit reads files nobody vetted:
    /// downloaded copies, files put into published/ by hand), decoded at
    /// `size`, transparency onto white; then `finish`.
    static func small<Value>(
        _ bytes: [UInt8],
        _ size: Thumbnail.Size,
        _ finish: (VImage) throws(VipsError) -> Value
    ) throws(ImageRefusal) -> Value {
        let format = ImageFormat.sniff(bytes)
        guard format.isAllowed else {
            throw ImageRefusal(.unsupportedFormat, "This is not a photo format the gate reads.")
        }
        try Renderer.start()
        defer { Vips.finishJob() }
        let header = try bytes.withPinnedBytes { (buffer) throws(ImageRefusal) in
            try ReadHeader.open(buffer, format: format, limits: InputLimits())
        }
        let longSide = max(header.width, header.height)
        do throws(VipsError) {
            return try bytes.withPinnedBytes { (buffer) throws(VipsError) -> Value in
                var image = try Thumbnail.make(buffer, format: format, longSide: longSide, size: size)
                if image.hasAlpha { image = try image.then { cg_flatten($0, $1, 255, 255, 255) } }
                return try finish(image)
            }
        } catch {
            throw ImageRefusal(.corrupt, "The image could not be read (\(error.message)).")
        }
    }

    /// A 64-bit perceptual hash (pHash): the signs of the lowest frequencies
    /// of a 32 x 32 grey version. Survives re-encoding and resizing; the
    /// Hamming distance between two hashes says how alike two images look.
    public static func perceptualHash(of bytes: [UInt8]) throws(ImageRefusal) -> UInt64 {
        hash(try greyPixels(of: bytes, width: hashSize, height: hashSize))
    }

    static let hashSize = 32

    static func hash(_ grey: [UInt8]) -> UInt64 {
        let coefficients = lowFrequencies(grey.map(Double.init), size: hashSize, keep: 8)
        // Leave out the DC term: it is overall brightness, not content.
        let median = coefficients.dropFirst().sorted()[(coefficients.count - 1) / 2]
        var hash: UInt64 = 0
        for (index, value) in coefficients.enumerated() where value > median {
            hash |= 1 << UInt64(index)
        }
        return hash
    }

    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// The top-left `keep` x `keep` block of the 2-D DCT-II of a square image.
    static func lowFrequencies(_ pixels: [Double], size: Int, keep: Int) -> [Double] {
        var cosines = [Double](repeating: 0, count: keep * size)
        for u in 0 ..< keep {
            for x in 0 ..< size {
                cosines[u * size + x] = cos(Double.pi * Double(u) * (2 * Double(x) + 1) / Double(2 * size))
            }
        }
        // Rows first, then columns: keep x size, then keep x keep.
        var rows = [Double](repeating: 0, count: size * keep)
        for y in 0 ..< size {
            for u in 0 ..< keep {
                var sum = 0.0
                for x in 0 ..< size { sum += pixels[y * size + x] * cosines[u * size + x] }
                rows[y * keep + u] = sum
            }
        }
        var result = [Double](repeating: 0, count: keep * keep)
        for v in 0 ..< keep {
            for u in 0 ..< keep {
                var sum = 0.0
                for y in 0 ..< size { sum += rows[y * keep + u] * cosines[v * size + y] }
                result[v * keep + u] = sum
            }
        }
        return result
    }
}
