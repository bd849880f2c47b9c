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
        try Self.start()
        defer { Vips.finishJob() }
        let identified = try Identify.run(bytes, limits: settings.limits)
        let header = try bytes.withPinnedBytes { (buffer) throws(ImageRefusal) -> Header in
            try ReadHeader.run(buffer, format: identified.format, limits: settings.limits)
        }
        var xmp: EmbeddedXMP.Found
        do {
            xmp = try EmbeddedXMP.find(in: bytes, format: identified.format, inflate: Zlib.inflate)
            // What libvips found, in case it reads a place the walk above does not.
            if let packet = header.xmp { try xmp.add(packet) }
        } catch {
            throw ImageRefusal(.metadataUnreadable,
                "The photo's XMP metadata, where photo tools record who is pictured, cannot be read whole (\(error.reason)); it was not published.")
        }
        return Inspection(identified: identified, width: header.width, height: header.height, xmp: xmp)
    }

    /// Renders, reusing an inspection of the same bytes (so the container
    /// is not walked twice), or inspecting them first.
    public func render(_ bytes: [UInt8], inspected: Inspection? = nil) throws(ImageRefusal) -> Derivative {
        try Self.start()
        defer { Vips.finishJob() }
        var trace = StepTrace()
        let identified: Identified
        if let inspected { identified = inspected.identified } else { identified = try Identify.run(bytes, limits: settings.limits) }
        let format = identified.format
        trace.mark("identify")
        return try bytes.withPinnedBytes { (buffer) throws(ImageRefusal) -> Derivative in
            let header = try ReadHeader.run(buffer, format: format, limits: settings.limits)
            trace.mark("header")
            let exif = try ExifRebuilder(settings: settings.exif).rebuild(from: header.exif)
            trace.mark("exif")
            let target = Shrink.target(longEdge: settings.longEdge, slack: settings.longEdgeSlack, header: header, format: format)
            // Shrink and mark only describe the pixels; the encoder computes
            // them row by row, so no step holds the whole derivative.
            let seconds = settings.limits.maxSeconds
            let upright = try Shrink.run(buffer, header: header, format: format, longEdge: target, seconds: seconds)
            trace.mark("shrink")
            let marked = try DrawMark.run(upright, mark: settings.mark)
            trace.mark("mark")
            let jpeg = try Encode.run(marked, quality: settings.quality, exif: exif.payload) { failure in
                Shrink.refusal(failure, decoding: upright, format: format, seconds: seconds)
            }
            trace.mark("encode")
            try Verify.run(jpeg, keep: settings.exif.keep, width: marked.width, height: marked.height)
            trace.mark("verify")
            let source = SourceSummary(
                format: format, width: header.width, height: header.height, orientation: header.orientation,
                removed: exif.removed + header.removed + identified.extras)
            return Derivative(jpeg: jpeg, width: marked.width, height: marked.height, source: source)
        }
    }

    /// Starts libvips now. Call it first thing, while the process has no
    /// other threads: starting sets an environment variable for a moment
    /// (see cg_vips_start), which is not safe while another thread reads
    /// the environment, or spawns a program that inherits it.
    public static func prepare() {
        try? start()
    }

    static func start() throws(ImageRefusal) {
        do {
            try Vips.ensureStarted()
        } catch {
            throw ImageRefusal(.processingFailed, error.message)
        }
    }
}

public enum RenderCache {
    /// Keeps rendered text and composed watermarks (the slowest parts of
    /// drawing a mark) as files in `directory`, for later processes.
    public static func persist(in directory: String?) {
        PersistedImages.shared.persist(in: directory)
    }
}
