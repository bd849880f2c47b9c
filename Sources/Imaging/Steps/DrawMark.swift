import CShims
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

    /// Places `overlay` (RGBA) over `base` (RGB) at x, y: an 8-bit blend by
    /// the overlay's alpha, on a transparent canvas the size of `base`, in
    /// one pass. `base` is a sequential decode and must be read once, in
    /// order: inserting a blended region taken from it reads it twice, which
    /// failed ("out of order read") with the mark near the top.
    static func composite(_ overlay: VImage, onto base: VImage, x: Int, y: Int) throws(VipsError) -> VImage {
        var layer = overlay
        if x != 0 || y != 0 || overlay.width != base.width || overlay.height != base.height {
            layer = try overlay.then { cg_embed($0, $1, Int32(x), Int32(y), Int32(base.width), Int32(base.height)) }
        }
        let colour = try layer.then { cg_extract_band($0, $1, 0, 3) }
        let alpha = try layer.then { cg_extract_band($0, $1, 3, 1) }
        return try alpha.then { cg_blend($0, colour.pointer, base.pointer, $1) }
    }

    /// Text as white glyphs with a dark shadow, fitted into width x height,
    /// as RGBA. Built from the glyph mask with 8-bit operations only.
    static func textLayer(_ text: String, font: String, width: Int, height: Int) throws(VipsError) -> VImage {
        let font = fontWithSize(font)
        let mask = try PersistedImages.shared.image("text|\(width)x\(height)|\(font)|\(text)", bands: 1) { () throws(VipsError) -> VImage in
            try VImage.make { cg_text($0, text, font, Int32(width), Int32(height)) }
        }
        let offset = max(1, mask.height / 16)
        let (canvasWidth, canvasHeight) = (Int32(mask.width + offset), Int32(mask.height + offset))
        let glyphs = try mask.then { cg_embed($0, $1, 0, 0, canvasWidth, canvasHeight) }
        let shadow = try mask.then { cg_embed($0, $1, Int32(offset), Int32(offset), canvasWidth, canvasHeight) }
        let alpha = try scale(shadow, by: 0.6)
            .then { cg_add($0, glyphs.pointer, $1) }
            .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }  // clips at 255
        let white = try colour(like: glyphs, [255, 255, 255]), black = try colour(like: glyphs, [0, 0, 0])
        return try glyphs
            .then { cg_blend($0, white.pointer, black.pointer, $1) }
            .then { cg_bandjoin2($0, alpha.pointer, $1) }
            .then { cg_label_srgb($0, $1) }
            .inMemory()
    }

    static func scale(_ image: VImage, by factor: Double) throws(VipsError) -> VImage {
        try image.then { input, out in
            [factor].withUnsafeBufferPointer { a in [0.0].withUnsafeBufferPointer { b in cg_linear(input, out, a.baseAddress, b.baseAddress, 1) } }
        }
    }

    /// A constant sRGB image the size of `image`, one band per value.
    static func colour(like image: VImage, _ values: [Double]) throws(VipsError) -> VImage {
        try VImage.make { out in
            out.pointee = values.withUnsafeBufferPointer { vips_image_new_from_image(image.pointer, $0.baseAddress, Int32($0.count)) }
            return out.pointee == nil ? -1 : 0
        }.then { cg_label_srgb($0, $1) }
    }

    /// Scales the alpha band of an RGBA image.
    static func fade(_ image: VImage, opacity: Double) throws(VipsError) -> VImage {
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
