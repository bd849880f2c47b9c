import ImageStructure

/// Turns a submitted photo's bytes into a derivative that is safe to publish,
/// or refuses it. Reads as its steps:
///
///     identify -> read header -> rebuild EXIF -> shrink -> draw mark -> encode -> verify
///
/// Thread-safe: each call works on its own images; the libvips runtime and
/// the mark cache are shared.
public struct Renderer: Sendable {
    public let settings: RenderSettings

    public init(settings: RenderSettings) {
        self.settings = settings
    }

    /// The cheap half: format, completeness, dimensions and metadata from
    /// the header, without decoding pixels. Refuses what `render` would
    /// refuse before decoding.
    public func inspect(_ bytes: [UInt8]) throws(ImageRefusal) -> Inspection {
        do {
            try Vips.ensureStarted()
        } catch {
            throw ImageRefusal(.processingFailed, error.message)
        }
        defer { Vips.finishJob() }
        let format = try Identify.run(bytes, limits: settings.limits)
        let header = try bytes.withPinnedBytes { (buffer) throws(ImageRefusal) -> Header in
            try ReadHeader.run(buffer, format: format, limits: settings.limits)
        }
        return Inspection(format: format, width: header.width, height: header.height, xmp: header.xmp)
    }

    public func render(_ bytes: [UInt8]) throws(ImageRefusal) -> Derivative {
        do {
            try Vips.ensureStarted()
        } catch {
            throw ImageRefusal(.processingFailed, error.message)
        }
        defer { Vips.finishJob() }

        var trace = StepTrace()
        let format = try Identify.run(bytes, limits: settings.limits)
        trace.mark("identify")
        return try bytes.withPinnedBytes { (buffer) throws(ImageRefusal) -> Derivative in
            let header = try ReadHeader.run(buffer, format: format, limits: settings.limits)
            trace.mark("header")
            let exif = try ExifRebuilder(settings: settings.exif).rebuild(from: header.exif)
            trace.mark("exif")
            let upright = try Shrink.run(buffer, header: header, format: format, longEdge: settings.longEdge)
            trace.mark("shrink")
            let marked = try DrawMark.run(upright, mark: settings.mark)
            trace.mark("mark")
            let jpeg = try Encode.run(marked, quality: settings.quality, exif: exif.payload)
            trace.mark("encode")
            try Verify.run(jpeg, keep: settings.exif.keep, width: marked.width, height: marked.height)
            trace.mark("verify")
            let source = SourceSummary(
                format: format, width: header.width, height: header.height,
                orientation: header.orientation,
                removed: exif.removed + header.removed + Self.containerExtras(bytes, format: format),
                xmp: header.xmp)
            return Derivative(jpeg: jpeg, width: marked.width, height: marked.height, source: source)
        }
    }

    /// What a JPEG can hide outside its metadata fields.
    static func containerExtras(_ bytes: [UInt8], format: ImageFormat) -> [String] {
        guard format == .jpeg, let file = try? JPEGFile(parsing: bytes) else { return [] }
        var extras: [String] = []
        let payloads = file.segments.map { ($0.marker, file.payload(of: $0)) }
        if payloads.contains(where: { $0.0 == 0xE2 && $0.1.starts(with: Array("MPF".utf8)) }) {
            extras.append("a hidden second image (MPF)")
        }
        if payloads.contains(where: { $0.0 == 0xFE }) { extras.append("a JPEG comment") }
        if file.trailerLength > 0 { extras.append("data after the image (\(file.trailerLength) bytes)") }
        return extras
    }
}

public enum RenderCache {
    /// Keeps rendered text (the slowest part of drawing a mark) as files in
    /// `directory`, so later processes skip starting the font machinery.
    public static func persist(in directory: String?) {
        TextMasks.shared.persist(in: directory)
    }
}
