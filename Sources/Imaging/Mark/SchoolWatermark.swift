import CShims
import CVips
import Foundation

/// The school's logo and/or name, placed by gravity or tiled, faded to the
/// configured opacity. Composed once per derivative size and kept.
enum SchoolWatermark {
    static func apply(_ watermark: Watermark, to image: VImage) throws(VipsError) -> VImage {
        guard let mark = try MarkCache.shared.mark(watermark, width: image.width, height: image.height) else {
            return image
        }
        let margin = Int((watermark.margin * Double(image.width)).rounded())
        if watermark.tiled {
            return try tile(mark, over: image, spacing: max(margin, mark.width / 2))
        }
        let (x, y) = position(watermark.gravity, mark: mark, in: image, margin: margin)
        return try DrawMark.composite(mark, onto: image, x: x, y: y)
    }

    static func position(_ gravity: Watermark.Gravity, mark: VImage, in image: VImage, margin: Int) -> (Int, Int) {
        let free = (x: image.width - mark.width, y: image.height - mark.height)
        let left = min(margin, free.x), top = min(margin, free.y)
        let x: Int, y: Int
        switch gravity {
        case .northWest, .west, .southWest: x = left
        case .north, .centre, .south: x = free.x / 2
        case .northEast, .east, .southEast: x = free.x - left
        }
        switch gravity {
        case .northWest, .north, .northEast: y = top
        case .west, .centre, .east: y = free.y / 2
        case .southWest, .south, .southEast: y = free.y - top
        }
        return (max(0, x), max(0, y))
    }

    static func tile(_ mark: VImage, over image: VImage, spacing: Int) throws(VipsError) -> VImage {
        let cellWidth = mark.width + spacing, cellHeight = mark.height + spacing
        let cell = try mark.then { cg_embed($0, $1, Int32(spacing / 2), Int32(spacing / 2), Int32(cellWidth), Int32(cellHeight)) }
        let across = (image.width + cellWidth - 1) / cellWidth, down = (image.height + cellHeight - 1) / cellHeight
        let layer = try cell
            .then { cg_replicate($0, $1, Int32(across), Int32(down)) }
            .then { cg_extract_area($0, $1, 0, 0, Int32(image.width), Int32(image.height)) }
        return try DrawMark.composite(layer, onto: image, x: 0, y: 0)
    }

    /// Builds the RGBA mark for one derivative size: logo above text, centred.
    static func compose(_ watermark: Watermark, width: Int, height: Int) throws(VipsError) -> VImage? {
        let margin = Int((watermark.margin * Double(width)).rounded())
        var markWidth = min(Int((watermark.relativeWidth * Double(width)).rounded()), width - 2 * margin)
        markWidth = max(markWidth, min(width, 8))
        var parts: [VImage] = []
        if let path = watermark.logoPath {
            let logo = try MarkCache.shared.logo(at: path)
            parts.append(try logo.then { cg_resize($0, $1, Double(markWidth) / Double(logo.width)) })
        }
        // Text under about 6 px tall cannot be read: a tiny image gets the logo only.
        if let text = watermark.text, markWidth / 6 >= 6 {
            parts.append(try DrawMark.textLayer(text, font: watermark.font, width: markWidth, height: markWidth / 6))
        }
        guard var mark = try stack(parts, gap: max(1, markWidth / 40)) else { return nil }
        let room = height - 2 * margin
        if mark.height > room, room > 0 {
            let scale = Double(room) / Double(mark.height)
            mark = try mark.then { cg_resize($0, $1, scale) }.then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
        }
        return try DrawMark.fade(mark, opacity: watermark.opacity).inMemory()
    }

    /// Stacks RGBA images vertically, each centred horizontally.
    static func stack(_ parts: [VImage], gap: Int) throws(VipsError) -> VImage? {
        guard var result = parts.first else { return nil }
        for part in parts.dropFirst() {
            let width = max(result.width, part.width), height = result.height + gap + part.height
            let top = result
            let canvas = try top.then { cg_embed($0, $1, Int32((width - top.width) / 2), 0, Int32(width), Int32(height)) }
            result = try canvas
                .then { cg_composite_over($0, part.pointer, $1, Int32((width - part.width) / 2), Int32(top.height + gap)) }
                .then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }
        }
        return result
    }
}

/// The logo decoded once per process, and the composed mark once per size
/// (and, with a cache folder, once per machine): a school trip is dozens of
/// photos of the same size.
final class MarkCache: @unchecked Sendable {
    static let shared = MarkCache()

    private let lock = NSLock()
    private var logos: [String: VImage] = [:]

    func logo(at path: String) throws(VipsError) -> VImage {
        lock.lock()
        defer { lock.unlock() }
        if let logo = logos[path] { return logo }
        var logo = try VImage.make { out in
            out.pointee = cg_image_from_file(path)
            return out.pointee == nil ? -1 : 0
        }
        if logo.interpretation != VIPS_INTERPRETATION_sRGB {
            logo = try logo.then { cg_colourspace($0, $1, VIPS_INTERPRETATION_sRGB) }
        }
        if !logo.hasAlpha {
            logo = try logo.then { cg_add_opaque_alpha($0, $1) }
        }
        logo = try logo.then { cg_cast($0, $1, VIPS_FORMAT_UCHAR) }.inMemory()
        logos[path] = logo
        return logo
    }

    /// The composed mark for one derivative size, or nil when there is nothing to draw.
    func mark(_ watermark: Watermark, width: Int, height: Int) throws(VipsError) -> VImage? {
        // The logo's contents, not its path, are in the key: a new logo is a
        // new mark, a copied workspace is not.
        var logoStamp = ""
        if let path = watermark.logoPath, let data = FileManager.default.contents(atPath: path) {
            logoStamp = PersistedImages.hash([UInt8](data)) + ":\(data.count)"
        }
        var described = watermark
        described.logoPath = nil
        let key = "mark|\(width)x\(height)|\(described)|\(logoStamp)"
        var nothing = false
        let mark = try PersistedImages.shared.image(key, bands: 4) { () throws(VipsError) -> VImage in
            if let composed = try SchoolWatermark.compose(watermark, width: width, height: height) { return composed }
            nothing = true
            return try VImage.make { cg_black_rgba($0) }
        }
        return nothing || mark.width <= 1 && mark.height <= 1 ? nil : mark
    }
}
