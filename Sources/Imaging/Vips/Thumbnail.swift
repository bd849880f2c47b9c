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
                     exportProfile: String? = nil) throws(VipsFailure) -> VImage {
        if [.heif, .avif, .tiff].contains(format) {
            let primary = try VImage.make { out in
                format == .tiff ? cg_tiffload_first_page(buffer.baseAddress, buffer.count, out, cg_fail_on_error())
                    : cg_heif_load_primary(buffer.baseAddress, buffer.count, out, Int32(longSide))
            }
            switch size {
            case .longEdge(let edge): return try primary.then { cg_thumbnail_image($0, $1, Int32(edge), exportProfile) }
            case .exactly(let width, let height): return try primary.then { cg_thumbnail_image_exact($0, $1, Int32(width), Int32(height)) }
            }
        }
        switch size {
        case .longEdge(let edge):
            return try VImage.make { cg_thumbnail_buffer(buffer.baseAddress, buffer.count, $0, Int32(edge), exportProfile, cg_fail_on_error()) }
        case .exactly(let width, let height):
            return try VImage.make { cg_thumbnail_exact(buffer.baseAddress, buffer.count, $0, Int32(width), Int32(height)) }
        }
    }
}
