import CVips

/// A red band across the middle of any image that did not come out of the
/// gate, so a preview can never pass for an approved photo.
enum NotApprovedBanner {
    static func apply(_ banner: String, to image: VImage) throws(VipsFailure) -> VImage {
        let bandHeight = max(1, image.height / 6)
        let top = (image.height - bandHeight) / 2
        let region = try image.then { cg_extract_area($0, $1, 0, Int32(top), Int32(image.width), Int32(bandHeight)) }
        var band = try DrawMark.colour(like: region, [190, 0, 0, 215])
            .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
        let textWidth = image.width * 9 / 10, textHeight = bandHeight * 6 / 10
        if textHeight >= 6 {
            let text = try DrawMark.textLayer(banner, font: "DejaVu Sans Bold", width: textWidth, height: textHeight)
            band = try band.then {
                cg_composite_over($0, text.pointer, $1, Int32((image.width - text.width) / 2), Int32((bandHeight - text.height) / 2))
            }.then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
        }
        return try DrawMark.composite(band, onto: image, x: 0, y: top)
    }
}
