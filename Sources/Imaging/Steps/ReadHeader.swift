import CShims
import CVips
import ImageStructure

/// Step 2: libvips reads the header only. The loader must be the one the
/// bytes announce, and the pixel count must be within the limit, before a
/// single pixel is decoded.
struct Header {
    let width: Int
    let height: Int
    let orientation: Int
    let hasColourProfile: Bool
    /// Print colours: libvips 8.14's thumbnail mishandles a CMYK profile, so these take the explicit path.
    let isCMYK: Bool
    let exif: [UInt8]?
    let xmp: [UInt8]?
    /// Metadata outside EXIF that the derivative will not carry.
    let removed: [String]
}

enum ReadHeader {
    static let loaders: [ImageFormat: String] = [
        .jpeg: "VipsForeignLoadJpegBuffer", .png: "VipsForeignLoadPngBuffer",
        .webp: "VipsForeignLoadWebpBuffer", .tiff: "VipsForeignLoadTiffBuffer",
        .heif: "VipsForeignLoadHeifBuffer", .avif: "VipsForeignLoadHeifBuffer",
    ]

    /// The header as the loader the bytes announce reads it, its size
    /// within the limits: everything before a pixel is decoded.
    static func open(_ buffer: UnsafeRawBufferPointer, format: ImageFormat, limits: InputLimits) throws(ImageRefusal) -> VImage {
        guard let found = vips_foreign_find_load_buffer(buffer.baseAddress, buffer.count) else {
            _ = Vips.takeErrorMessage()
            throw ImageRefusal(.corrupt, "The file looks like \(format.displayName) but no \(format.displayName) reader accepts it.")
        }
        guard String(cString: found) == loaders[format] else {
            throw ImageRefusal(.unsupportedFormat, "The file's contents do not match a photo format the gate accepts.")
        }
        let image: VImage
        do {
            image = try VImage.make { out in
                out.pointee = cg_header_from_buffer(buffer.baseAddress, buffer.count, cg_fail_on_error())
                return out.pointee == nil ? -1 : 0
            }
        } catch {
            throw classify(error, format: format)
        }
        try checkDimensions(width: image.width, height: image.height, limits: limits)
        if format.isHEIF { try checkDecodeCost(buffer, format: format, width: image.width, height: image.height, limits: limits) }
        return image
    }

    static func run(_ buffer: UnsafeRawBufferPointer, format: ImageFormat, limits: InputLimits) throws(ImageRefusal) -> Header {
        let image = try open(buffer, format: format, limits: limits)
        let (width, height) = (image.width, image.height)
        // A HEIC or TIFF with several images publishes its primary one; an
        // animation is a clip, not a photo, and no one frame stands for it.
        if format == .webp, let frames = image.int("n-pages"), frames > 1 {
            throw ImageRefusal(.unsupportedFormat, "This WebP file is an animation of \(frames) frames; the gate publishes still photos only.")
        }
        if let exif = image.blob("exif-data") { try checkExif(exif, format: format) }
        // Browsers do not turn a WebP by its EXIF orientation; libvips does.
        if format == .webp, (image.int("orientation") ?? 1) != 1 { throw .ambiguousOrientation }
        var removed: [String] = []
        if image.has("xmp-data") { removed.append("XMP metadata") }
        if image.has("iptc-data") { removed.append("IPTC metadata") }
        if image.fieldNames.contains(where: { $0.hasPrefix("png-comment-") }) { removed.append("PNG text comments") }
        return Header(
            width: width, height: height,
            orientation: image.int("orientation") ?? 1,
            hasColourProfile: image.has("icc-profile-data"),
            isCMYK: image.interpretation == VIPS_INTERPRETATION_CMYK,
            exif: image.blob("exif-data"),
            xmp: image.blob("xmp-data"),
            removed: removed)
    }

    /// libvips shrinks a JPEG, PNG or WebP while decoding it; libheif 1.15
    /// decodes a HEIF whole, a grid included. A HEIF may cost, before it is
    /// shrunk, what the largest photo the gate accepts costs decoded at 8-bit
    /// RGB (3 bytes a pixel: 300 MB at 100 megapixels), and no more: a 100
    /// megapixel HEIC of 23 KB would otherwise take 650 MB. Worked out from
    /// its header, its grid and its tiles' coding, before any pixel.
    static func checkDecodeCost(_ buffer: UnsafeRawBufferPointer, format: ImageFormat, width: Int, height: Int,
                                limits: InputLimits) throws(ImageRefusal) {
        guard let meta = HEIFMeta(Array(buffer)) else { return }  // refused when decoded: its description cannot be read
        // The largest of what libvips reports, the grid's canvas and the
        // size before any crop ('ispe'): libheif decodes the largest.
        let grid = meta.gridSize.map { Double($0.width) * Double($0.height) } ?? 0
        let coded = meta.size.map { Double($0.width) * Double($0.height) } ?? 0
        let pixels = max(Double(width) * Double(height), grid, coded)
        let cost = pixels * meta.decodeBytesPerPixel
        let budget = Double(limits.maxPixels) * 3
        guard cost <= budget else {
            let allowed = budget / meta.decodeBytesPerPixel
            throw ImageRefusal(.tooLarge, "The photo is \(width) x \(height) pixels; as \(format == .avif ? "an AVIF" : "a HEIC") it "
                + "would take about \(Int(cost / 1e6)) MB to open, more than the \(Int(budget / 1e6)) MB the gate "
                + "allows one photo (in this format, about \(megapixels(Int(allowed))) megapixels). Export it as a JPEG, or at a smaller size.")
        }
    }

    static func checkDimensions(width: Int, height: Int, limits: InputLimits) throws(ImageRefusal) {
        let pixels = width.multipliedReportingOverflow(by: height)
        guard !pixels.overflow, pixels.partialValue <= limits.maxPixels else {
            throw ImageRefusal(.tooLarge, "The photo is \(width) x \(height) pixels (\(megapixels(width * height)) megapixels); the most the gate accepts is \(megapixels(limits.maxPixels)) megapixels: send a smaller copy of the photo.")
        }
        let (long, short) = (max(width, height), min(width, height))
        guard short > 0 else {
            throw ImageRefusal(.corrupt, "The file says its picture is \(width) x \(height) pixels, which is no picture.")
        }
        guard long <= short * limits.maxAspectRatio else {
            throw ImageRefusal(.unusualShape, "The picture is \(width) x \(height) pixels: one side is more than \(limits.maxAspectRatio) times the other, which is not the shape of a photo, so it was refused.")
        }
    }

    /// The source's EXIF must be whole and well formed to the independent
    /// parser: what damaged metadata holds cannot be known, so the photo is
    /// not published. Only a HEIF's may come as a JPEG APP1 segment: a HEIF
    /// is turned by its own rotation, never by EXIF, while in a PNG or WebP
    /// libvips would turn the picture by an orientation viewers never find.
    static func checkExif(_ block: [UInt8], format: ImageFormat) throws(ImageRefusal) {
        func damaged(_ reason: String) -> ImageRefusal {
            ImageRefusal(.metadataUnreadable,
                "The photo's EXIF metadata is damaged (\(reason)), so what it holds (a location, say) cannot be known; it was not published.")
        }
        guard let tiff = ExifDirectories.tiff(in: block, inAPP1Segment: format.isHEIF) else {
            throw damaged("no TIFF header")
        }
        let directories: ExifDirectories
        do {
            directories = try ExifDirectories(tiff: tiff)
        } catch {
            throw damaged(error.reason)
        }
        // Viewers read only one SHORT in the main directory; libvips reads
        // more (a LONG, a count of 2, the Exif sub-directory). Where they
        // could differ, the published photo could be turned differently
        // from what the poster saw.
        let orientations = ExifDirectories.Directory.allCases.flatMap { directory in
            (directories.entries[directory] ?? []).filter { $0.tag == 0x0112 }.map { (directory, $0) }
        }
        let elsewhere = orientations.contains { $0.0 != .ifd0 && $0.0 != .ifd1 }
        let main = orientations.filter { $0.0 == .ifd0 }.map(\.1)
        if elsewhere || main.count > 1 || main.contains(where: { directories.shortValue($0) == nil }) {
            throw .ambiguousOrientation
        }
    }

    /// Decoder messages to refusal codes: libvips reports truncation and
    /// missing decoders only in words.
    static func classify(_ failure: VipsError, format: ImageFormat) -> ImageRefusal {
        let message = failure.message.lowercased()
        if ["premature end", "truncated", "not enough data", "unexpected end", "end of file"].contains(where: message.contains) {
            return ImageRefusal(.truncated, "The \(format.displayName) file is cut off part way: it may not have finished copying.")
        }
        // libheif without the codec (AV1, say) for this file.
        if format.isHEIF, ["no decoder", "unsupported codec", "unsupported feature"].contains(where: message.contains) {
            return ImageRefusal(.unsupportedFormat, "This \(format.displayName) file uses a kind of compression this machine cannot read.")
        }
        return ImageRefusal(.corrupt, "The \(format.displayName) file is damaged and cannot be read (\(failure.message)).")
    }

    static func megapixels(_ pixels: Int) -> String {
        let tenths = (pixels + 50_000) / 100_000
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}

extension ImageRefusal {
    static let ambiguousOrientation = ImageRefusal(.metadataUnreadable,
        "The photo's rotation is recorded in a way photo viewers disagree on, so it could come out turned differently from how you saw it; it was not published. Saving it again from a photo app usually fixes this.")
}
