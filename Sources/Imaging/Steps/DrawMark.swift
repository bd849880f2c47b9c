import CVips
import Foundation

/// Step 5: draw the school's watermark (an approved photo) or a banner
/// saying the image did not come out of the gate (anything else).
enum DrawMark {
    static func run(_ image: VImage, mark: Mark) throws(ImageRefusal) -> VImage {
        do {
            switch mark {
            case .schoolWatermark(let watermark):
                return try SchoolWatermark.apply(watermark, to: image)
            case .notApproved(let banner):
                return try NotApprovedBanner.apply(banner, to: image)
            }
        } catch {
            throw ImageRefusal(.processingFailed, "The watermark could not be drawn (\(error.message)).")
        }
    }

    /// Places `overlay` (RGBA) over `base` (RGB) at x, y, touching only the
    /// pixels underneath it.
    static func composite(_ overlay: VImage, onto base: VImage, x: Int, y: Int) throws(VipsFailure) -> VImage {
        let region = try base.then { cg_extract_area($0, $1, Int32(x), Int32(y), Int32(overlay.width), Int32(overlay.height)) }
        let blended = try region
            .then { cg_composite_over($0, overlay.pointer, $1, 0, 0) }
            .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
            .then { cg_extract_band($0, $1, 0, 3) }
            .inMemory()  // blended once, in parallel, then copied through by the encoder
        return try base.then { cg_insert($0, blended.pointer, $1, Int32(x), Int32(y)) }
    }

    /// Text as white glyphs with a dark shadow, fitted into width x height.
    static func textLayer(_ text: String, font: String, width: Int, height: Int) throws(VipsFailure) -> VImage {
        let mask = try VImage.make { cg_text($0, text, fontWithSize(font), Int32(width), Int32(height)) }
        let white = try colour(like: mask, [255, 255, 255]).then { cg_bandjoin2($0, mask.pointer, $1) }
            .then { cg_label_srgb($0, $1) }
        let shadowAlpha = try mask.then { input, out in
            [0.6].withUnsafeBufferPointer { a in [0.0].withUnsafeBufferPointer { b in cg_linear(input, out, a.baseAddress, b.baseAddress, 1) } }
        }.then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
        let shadow = try colour(like: mask, [0, 0, 0]).then { cg_bandjoin2($0, shadowAlpha.pointer, $1) }
            .then { cg_label_srgb($0, $1) }
        let offset = max(1, mask.height / 16)
        let canvas = try shadow.then { cg_embed($0, $1, Int32(offset), Int32(offset), Int32(mask.width + offset), Int32(mask.height + offset)) }
        return try canvas
            .then { cg_composite_over($0, white.pointer, $1, 0, 0) }
            .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
    }

    /// A constant sRGB image the size of `image`, one band per value.
    static func colour(like image: VImage, _ values: [Double]) throws(VipsFailure) -> VImage {
        try VImage.make { out in
            out.pointee = values.withUnsafeBufferPointer { vips_image_new_from_image(image.pointer, $0.baseAddress, Int32($0.count)) }
            return out.pointee == nil ? -1 : 0
        }.then { cg_label_srgb($0, $1) }
    }

    /// Scales the alpha band of an RGBA image.
    static func fade(_ image: VImage, opacity: Double) throws(VipsFailure) -> VImage {
        guard opacity < 1 else { return image }
        return try image.then { input, out in
            [1, 1, 1, opacity].withUnsafeBufferPointer { a in
                [0.0, 0, 0, 0].withUnsafeBufferPointer { b in cg_linear(input, out, a.baseAddress, b.baseAddress, 4) }
            }
        }.then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
    }

    /// Pango wants a size in the description; libvips then fits the dpi.
    static func fontWithSize(_ font: String) -> String {
        font.last?.isNumber == true ? font : font + " 12"
    }
}
