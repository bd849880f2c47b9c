import CShims
import CVips
import ImageStructure

/// Decoding straight to a smaller size: libvips' shrink-on-load for JPEG,
/// PNG and WebP. Never for HEIF and TIFF, where vips_thumbnail would take a
/// smaller stored picture when one is large enough (a HEIF thumbnail, a
/// TIFF's later pyramid page), and that picture may show what the picture
/// itself does not: HEIF's primary image is decoded by libheif, a TIFF's
/// first page by libvips, then resized.
enum Thumbnail {
    enum Size {
        /// The long edge at most this, aspect kept.
        case longEdge(Int)
        /// Exactly this, aspect ignored: for fingerprints.
        case exactly(width: Int, height: Int)
    }

    /// `longSide`: the picture's longer side, as its header says.
    /// `exportProfile`: where an embedded profile is taken to (nil: left as is).
    static func make(_ buffer: UnsafeRawBufferPointer, format: ImageFormat, longSide: Int, size: Size,
                     exportProfile: String? = nil) throws(VipsError) -> VImage {
        let picture: VImage
        switch format {
        case .heif, .avif:
            // What libheif 1.15 does not check or tell, from the file's boxes.
            guard let meta = HEIFMeta(Array(buffer)) else {
                throw VipsError(message: "heif: its primary image's description cannot be read")
            }
            guard meta.gridAgreesWithSize else {
                throw VipsError(message: "heif: its tiles are laid out at another size than the picture's")
            }
            let turns: Int32 = meta.turnsAQuarterBeforeItsSize ? 1 : 0
            picture = try VImage.make { cg_heif_load_primary(buffer.baseAddress, buffer.count, $0, Int32(longSide), turns) }
        case .tiff:
            picture = try VImage.make { cg_tiffload_first_page(buffer.baseAddress, buffer.count, $0, cg_fail_on_error()) }
        default:
            return try shrunkOnLoad(buffer, size: size, exportProfile: exportProfile)
        }
        switch size {
        case .longEdge(let edge): return try picture.then { cg_thumbnail_image($0, $1, Int32(edge), exportProfile) }
        case .exactly(let width, let height): return try picture.then { cg_thumbnail_image_exact($0, $1, Int32(width), Int32(height)) }
        }
    }

    /// JPEG, PNG, WebP: libvips decodes straight to about the size asked for.
    static func shrunkOnLoad(_ buffer: UnsafeRawBufferPointer, size: Size, exportProfile: String?) throws(VipsError) -> VImage {
        switch size {
        case .longEdge(let edge):
            return try VImage.make { cg_thumbnail_buffer(buffer.baseAddress, buffer.count, $0, Int32(edge), exportProfile, cg_fail_on_error()) }
        case .exactly(let width, let height):
            return try VImage.make { cg_thumbnail_exact(buffer.baseAddress, buffer.count, $0, Int32(width), Int32(height)) }
        }
    }
}
