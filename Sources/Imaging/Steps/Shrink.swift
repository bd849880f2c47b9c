import CVips
import ImageStructure

/// Step 4: decode with shrink-on-load, turn upright, bring into sRGB, drop
/// alpha onto white, 8 bits per sample, three bands. Decoded into memory
/// here so that any decoding error is reported as the photo's fault.
enum Shrink {
    static func run(_ buffer: UnsafeRawBufferPointer, header: Header, format: ImageFormat, longEdge: Int) throws(ImageRefusal) -> VImage {
        do {
            var image = try VImage.make { out in
                cg_thumbnail_buffer(buffer.baseAddress, buffer.count, out, Int32(longEdge),
                                    header.hasColourProfile ? "srgb" : nil, cg_fail_on_error())
            }
            if image.hasAlpha {
                image = try image.then { cg_flatten($0, $1, 255, 255, 255) }
            }
            if image.interpretation != VIPS_INTERPRETATION_sRGB || image.bands != 3 {
                image = try image.then { cg_colourspace($0, $1, VIPS_INTERPRETATION_sRGB) }
            }
            if image.bands > 3 {
                image = try image.then { cg_extract_band($0, $1, 0, 3) }
            }
            if image.format != VIPS_FORMAT_UCHAR {
                image = try image.then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
            }
            return try image.inMemory()
        } catch {
            throw ReadHeader.classify(error, format: format)
        }
    }
}
