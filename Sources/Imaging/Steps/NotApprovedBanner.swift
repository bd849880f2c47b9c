import CVips

/// A red band across the middle of any image that did not come out of the
/// gate, so a preview can never pass for an approved photo.
enum NotApprovedBanner {
    static func apply(_ banner: String, to image: VImage) throws(VipsFailure) -> VImage {
        let bandHeight = max(1, image.height / 6)
        let top = (image.height - bandHeight) / 2
        let tint = 0.85
        var band = try image
            .then { cg_extract_area($0, $1, 0, Int32(top), Int32(image.width), Int32(bandHeight)) }
            .then { input, out in
                [1 - tint, 1 - tint, 1 - tint].withUnsafeBufferPointer { a in
                    [190 * tint, 0, 0].withUnsafeBufferPointer { b in cg_linear(input, out, a.baseAddress, b.baseAddress, 3) }
                }
            }
            .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
            .inMemory()
        let textWidth = image.width * 9 / 10, textHeight = bandHeight * 6 / 10
        if textHeight >= 6 {
            let text = try DrawMark.textLayer(banner, font: "DejaVu Sans Bold", width: textWidth, height: textHeight)
            band = try DrawMark.composite(text, onto: band, x: (image.width - text.width) / 2, y: (bandHeight - text.height) / 2)
        }
        return try image.then { cg_insert($0, band.pointer, $1, 0, Int32(top)) }
    }
}
