import CVips

/// A red band across the middle of any image that did not come out of the
/// gate, so a preview can never pass for an approved photo: the words on a
/// translucent red strip, drawn over the image in one pass like a watermark.
enum NotApprovedBanner {
    static func apply(_ banner: String, to image: VImage) throws(VipsFailure) -> VImage {
        let bandHeight = max(1, image.height / 6)
        let top = (image.height - bandHeight) / 2
        var band = try strip(width: image.width, height: bandHeight, opacity: 0.85)
        let textWidth = image.width * 9 / 10, textHeight = bandHeight * 6 / 10
        if textHeight >= 6 {
            let text = try DrawMark.textLayer(banner, font: "DejaVu Sans Bold", width: textWidth, height: textHeight)
            band = try band
                .then { cg_composite_over($0, text.pointer, $1, Int32((image.width - text.width) / 2), Int32((bandHeight - text.height) / 2)) }
                .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
                .inMemory()
        }
        return try DrawMark.composite(band, onto: image, x: 0, y: top)
    }

    /// Solid red, `opacity` opaque, as RGBA.
    static func strip(width: Int, height: Int, opacity: Double) throws(VipsFailure) -> VImage {
        let pixel = try VImage.make { cg_black_rgba($0) }
            .then { input, out in
                [0.0, 0, 0, 0].withUnsafeBufferPointer { a in
                    [190, 0, 0, 255 * opacity].withUnsafeBufferPointer { b in cg_linear(input, out, a.baseAddress, b.baseAddress, 4) }
                }
            }
            .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
            .then { cg_label_srgb($0, $1) }
        return try pixel.then { cg_replicate($0, $1, Int32(width), Int32(height)) }
    }
}
