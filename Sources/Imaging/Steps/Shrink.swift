import CShims
import CVips
import ImageStructure

/// Step 4: decode with shrink-on-load, turn upright, bring into sRGB, drop
/// alpha onto white, 8 bits per sample, three bands. The result is a lazy
/// pipeline: pixels are decoded only as the encoder asks for them, so the
/// whole derivative is never held in memory (`Encode` reports decoding
/// errors as the photo's fault, and enforces the deadline set here).
enum Shrink {
    /// The long edge to ask for: the channel's, or a little less when the
    /// JPEG decoder can reach it exactly by scaling in the DCT domain.
    static func target(longEdge: Int, slack: Double, header: Header, format: ImageFormat) -> Int {
        let source = max(header.width, header.height)
        guard format == .jpeg, slack > 0, source > longEdge else { return longEdge }
        for factor in [8, 4, 2] {
            let scaled = source / factor  // what libvips' jpegload gives at that shrink
            if scaled <= longEdge && Double(scaled) >= Double(longEdge) * (1 - slack) { return scaled }
        }
        return longEdge
    }

    static func run(_ buffer: UnsafeRawBufferPointer, header: Header, format: ImageFormat, longEdge: Int,
                    seconds: Double) throws(ImageRefusal) -> VImage {
        let started = StepTrace.now()
        var image: VImage
        do {
            image = try decode(buffer, header: header, format: format, longEdge: longEdge)
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
        } catch {
            throw ReadHeader.classify(error, format: format)
        }
        // Progress signals travel down the pipeline: whatever computes these
        // pixels later is bound by this deadline. A HEIC is decoded above
        // already (libheif cannot be interrupted), so that time counts.
        let left = seconds - (StepTrace.now() - started)
        guard left > 0 else { throw .timeout(seconds) }
        cg_set_deadline(image.pointer, left)
        return image
    }

    /// Why computing `image` (the result of `run`) failed: out of time, or
    /// the source's own fault.
    static func refusal(_ failure: VipsError, decoding image: VImage, format: ImageFormat, seconds: Double) -> ImageRefusal {
        if cg_was_killed(image.pointer) != 0 { return .timeout(seconds) }
        return ReadHeader.classify(failure, format: format)
    }

    /// Either libjpeg's own scaling, when it lands exactly on the target
    /// (no resampling at all), or a thumbnail (shrink-on-load and resize;
    /// for HEIF, its primary image decoded by libheif, then resized).
    static func decode(_ buffer: UnsafeRawBufferPointer, header: Header, format: ImageFormat, longEdge: Int) throws(VipsError) -> VImage {
        let source = max(header.width, header.height)
        if format == .jpeg, let factor = [2, 4, 8].first(where: { source / $0 == longEdge }) {
            return try explicitly(buffer, header: header, shrink: factor, longEdge: longEdge)
        }
        if format == .jpeg, header.isCMYK, header.hasColourProfile {
            // The largest decoder shrink that stays at or above the target; the rest by resampling.
            let factor = [8, 4, 2].first { source / $0 >= longEdge } ?? 1
            return try explicitly(buffer, header: header, shrink: factor, longEdge: longEdge)
        }
        return try Thumbnail.make(buffer, format: format, longSide: source, size: .longEdge(longEdge),
                                  exportProfile: header.hasColourProfile ? "srgb" : nil)
    }

    /// Load (scaled by libjpeg), through the embedded profile to sRGB, down
    /// to the long edge if still above it, upright.
    static func explicitly(_ buffer: UnsafeRawBufferPointer, header: Header, shrink: Int, longEdge: Int) throws(VipsError) -> VImage {
        var image = try VImage.make { cg_jpegload_shrink(buffer.baseAddress, buffer.count, $0, Int32(shrink), cg_fail_on_error()) }
        if header.hasColourProfile {
            image = try image.then { cg_icc_to_srgb($0, $1) }
        }
        let scale = Double(longEdge) / Double(max(image.width, image.height))
        if scale < 1 {
            image = try image.then { cg_resize($0, $1, scale) }
        }
        if header.orientation != 1 {
            image = try image.inMemory().then { cg_autorot($0, $1) }
        }
        return image
    }
}

extension ImageRefusal {
    static func timeout(_ seconds: Double) -> ImageRefusal {
        ImageRefusal(.timeout, "The photo took longer than \(Int(seconds.rounded(.up))) seconds to decode, so it was refused.")
    }
}
