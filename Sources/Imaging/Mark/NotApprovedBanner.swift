import CShims
import CVips

/// A red band across the middle of any image that did not come out of the
/// gate, so a preview can never pass for an approved photo: the words on a
/// translucent red strip, blended over the image like a watermark. The band
/// is composed once per size and kept, as the school's watermark is.
enum NotApprovedBanner {
    static func apply(_ banner: String, to image: VImage) throws(VipsError) -> VImage {
        let bandHeight = max(1, image.height / 6)
        let top = (image.height - bandHeight) / 2
        let band = try PersistedImages.shared.image("banner|\(image.width)x\(bandHeight)|\(banner)", bands: 4) { () throws(VipsError) -> VImage in
            try compose(banner, width: image.width, height: bandHeight)
        }
        return try DrawMark.composite(band, onto: image, x: 0, y: top)
    }

    /// The words, white with a shadow, over solid red that is 85% opaque, as RGBA.
    static func compose(_ banner: String, width: Int, height: Int) throws(VipsError) -> VImage {
        let pixel = try VImage.make { cg_black_rgba($0) }
            .then { input, out in
                [0.0, 0, 0, 0].withUnsafeBufferPointer { a in
                    [190, 0, 0, 255 * 0.85].withUnsafeBufferPointer { b in cg_linear(input, out, a.baseAddress, b.baseAddress, 4) }
                }
            }
            .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
            .then { cg_label_srgb($0, $1) }
        let strip = try pixel.then { cg_replicate($0, $1, Int32(width), Int32(height)) }
        let textWidth = width * 9 / 10, textHeight = height * 6 / 10
        guard textHeight >= 6 else { return try strip.inMemory() }
        let text = try DrawMark.textLayer(banner, font: "DejaVu Sans Bold", width: textWidth, height: textHeight)
        return try strip
            .then { cg_composite_over($0, text.pointer, $1, Int32((width - text.width) / 2), Int32((height - text.height) / 2)) }
            .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
            .inMemory()
    }
}
