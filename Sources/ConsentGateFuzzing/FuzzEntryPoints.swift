import ConsentGate
import Imaging
import ImageStructure

/// What each fuzz target does with its bytes, exactly as the gate would, and
/// the invariant that must hold whatever the bytes: a crash, a hang or a
/// broken invariant is a finding. Lives here (not in the fuzz package) so
/// that the seed corpus can be replayed by the ordinary tests too.
public enum FuzzEntryPoints {
    static let exifSettings = ExifSettings(artist: "Hillside Primary School", copyright: "Hillside", keep: KeepableExifTag.allCases)
    static let renderer = Renderer(settings: RenderSettings(
        longEdge: 256, quality: 75, limits: InputLimits(maxPixels: 40_000_000, maxBytes: 8 * 1024 * 1024),
        mark: .notApproved(banner: "FUZZ"), exif: exifSettings))

    /// The EXIF sanitizer: libexif parses hostile bytes; what comes out must
    /// pass the independent read-back check.
    public static func exif(_ bytes: [UInt8]) {
        guard let payload = try? ExifSanitizer(settings: exifSettings).sanitize(bytes) else { return }
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
            + minimalScan
        let report = DerivativeCheck(allowlist: .init(keeping: exifSettings.keep)).inspect(jpeg)
        precondition(report.isClean, "the sanitizer let through: \(report.violations)")
    }

    /// The read-back check and the parsers under it: any bytes, no crash.
    public static func readback(_ bytes: [UInt8]) {
        _ = DerivativeCheck(allowlist: .init(keeping: exifSettings.keep)).inspect(bytes)
        _ = Completeness.check(bytes, as: ImageFormat.sniff(bytes))
        _ = try? ExifDirectories(tiff: ExifDirectories.tiff(in: bytes, inAPP1Segment: true) ?? bytes)
        if let meta = HEIFMeta(bytes) { _ = (meta.size, meta.turnsAQuarterBeforeItsSize, meta.gridAgreesWithSize) }
        // Every XMP packet of every container, and the people named in them.
        if let found = try? EmbeddedXMP.find(in: bytes, format: ImageFormat.sniff(bytes), inflate: Zlib.inflate) {
            _ = try? PeopleTags.names(in: found)
        }
    }

    public static func peopleTags(_ bytes: [UInt8]) {
        _ = try? PeopleTags.names(inXMP: bytes)
    }

    static let captionRegister = Register([
        Person(id: "P1", givenName: "Amara", familyName: "Okafor", naming: .first, consents: ["facebook": .init(status: .given)]),
        Person(id: "P2", givenName: "Zoë", familyName: "O'Brien-Évans"),
        Person(id: "P3", givenName: "Ruby", familyName: "McDonald", naming: .full),
    ])

    /// The caption check on any text: no crash, only caption reasons, and
    /// every finding quoted.
    public static func caption(_ bytes: [UInt8]) {
        let caption = String(decoding: bytes, as: UTF8.self)
        let decision = Policy.decide(Submission(posterAccount: "fuzz", people: .listed(["P1"]), caption: caption, channel: "facebook"),
                                     in: PolicyContext(staff: [StaffMember(id: "F", name: "Fuzz", account: "fuzz", channels: ["facebook"])],
                                                       register: captionRegister, date: Day(iso: "2026-12-01")!, channels: ["facebook"]))
        for reason in decision.reasons {
            precondition(reason.code.rawValue.hasPrefix("caption."), "\(reason)")
            precondition(!reason.message.isEmpty)
        }
    }

    public static func manifest(_ bytes: [UInt8]) {
        _ = try? Manifest.parse(bytes, name: "fuzz.yaml")
    }

    public static func register(_ bytes: [UInt8]) {
        _ = try? RegisterFile(format: RegisterFormat(columns: ["id": "UPN"], yes: ["Y"], no: ["N"], dates: .british)).read(bytes, name: "fuzz.csv")
    }

    /// The whole imaging half: a derivative, if one comes out, must be clean.
    public static func render(_ bytes: [UInt8]) {
        guard let derivative = try? renderer.render(bytes) else { return }
        let report = DerivativeCheck(allowlist: .init(keeping: exifSettings.keep)).inspect(derivative.jpeg)
        precondition(report.isClean, "a derivative carried: \(report.violations)")
    }

    /// Enough of a JPEG after the EXIF for the check to read it whole: an 8x8 grey baseline image.
    static let minimalScan: [UInt8] = [
        0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 1, count: 64) + [
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00,
        0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01] + [UInt8](repeating: 0, count: 15) + [0x00,
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x00, 0xFF, 0xD9]
}
