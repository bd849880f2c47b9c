import Foundation
import Imaging
import ImageStructure
import Testing
import TestSupport

@Suite("Safe loading")
struct SafeLoadingTests {
    func refusal(_ bytes: [UInt8], limits: InputLimits = InputLimits()) -> ImageRefusal? {
        do {
            _ = try Render.approved(limits: limits).render(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func svgNamedJpegIsRefused() throws {
        let svg = #"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000"><rect width="100%" height="100%" fill="red"/></svg>"#
        #expect(refusal(Array(svg.utf8))?.code == .unsupportedFormat)
    }

    @Test(arguments: [
        ("a text file", Array("Dear parents, the trip is on Friday.\n".utf8)),
        ("a PDF", Array("%PDF-1.4\n1 0 obj\n<< >>\nendobj\n".utf8)),
        ("a BMP", [0x42, 0x4D] + [UInt8](repeating: 0, count: 60)),
    ])
    func otherFormatsAreRefused(kind: String, bytes: [UInt8]) {
        #expect(refusal(bytes)?.code == .unsupportedFormat, "\(kind)")
    }

    @Test func gifIsRefusedEvenThoughLibvipsCouldReadIt() throws {
        #expect(refusal(try Paths.read(Paths.corpus("exiftool-images/GIF.gif")))?.code == .unsupportedFormat)
    }

    @Test func emptyFileIsRefused() {
        #expect(refusal([])?.code == .truncated)
    }

    @Test func truncatedJpegFromTheCorpusIsRefusedAsTruncated() throws {
        let found = refusal(try Paths.read(Paths.corpus("sharp-fixtures/truncated.jpg")))
        #expect(found?.code == .truncated)
        #expect(found?.message.contains("cut off") == true)
    }

    /// A half-copied photo, cut anywhere: libjpeg alone would call most of
    /// these a success with grey rows at the bottom.
    @Test(arguments: [0.1, 0.5, 0.9, 0.999])
    func photoCutOffAnywhereIsTruncated(fraction: Double) throws {
        let whole = try Paths.read(Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg"))
        let cut = Array(whole.prefix(Int(Double(whole.count) * fraction)))
        #expect(refusal(cut)?.code == .truncated)
    }

    /// Cut exactly at the start of each segment (and just inside it): every
    /// one is truncated, none is a photo.
    @Test func truncatedAtEveryMarkerBoundary() throws {
        let whole = try Paths.read(Paths.corpus("exiftool-images/Canon.jpg"))
        let file = try JPEGFile(parsing: whole)
        let boundaries = file.segments.flatMap { [$0.payloadOffset - 4, $0.payloadOffset - 2, $0.payloadOffset] }
        #expect(boundaries.count > 10)
        for cut in boundaries where cut >= 3 {  // fewer bytes are not recognisable as a JPEG at all
            #expect(refusal(Array(whole.prefix(cut)))?.code == .truncated, "cut at \(cut)")
        }
    }

    @Test(arguments: ["sharp-fixtures/Flag_of_the_Netherlands-alpha.png", "sharp-fixtures/pitm.avif", "exiftool-images/RIFF.webp"])
    func otherContainersCutInHalfAreTruncated(path: String) throws {
        let whole = try Paths.read(Paths.corpus(path))
        #expect(refusal(Array(whole.prefix(whole.count / 2)))?.code == .truncated, "\(path)")
    }

    @Test func giantImageIsRefusedFromItsHeader() throws {
        let found = refusal(try Paths.read(Paths.corpus("sharp-fixtures/giant-image.jpg")))
        #expect(found?.code == .tooLarge)
        #expect(found?.message.contains("20000 x 14000") == true)
    }

    /// The giant's header followed by garbage instead of pixels: refused as
    /// too large, not as corrupt, so the limit was judged before decoding.
    @Test func pixelLimitIsJudgedBeforeAnyDecoding() throws {
        let giant = try Paths.read(Paths.corpus("sharp-fixtures/giant-image.jpg"))
        let scan = try #require(findStartOfScan(giant))
        let scanHeaderEnd = scan + 2 + Int(giant[scan + 2]) << 8 + Int(giant[scan + 3])
        let headerOnly = Array(giant[..<scanHeaderEnd]) + [UInt8](repeating: 0x55, count: 64) + [0xFF, 0xD9]
        #expect(refusal(headerOnly)?.code == .tooLarge)
    }

    @Test func pixelLimitIsConfigurable() throws {
        let photo = try Paths.read(Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg"))  // 2725 x 2225
        #expect(refusal(photo, limits: InputLimits(maxPixels: 6_000_000))?.code == .tooLarge)
        #expect(refusal(photo, limits: InputLimits(maxPixels: 6_100_000)) == nil)
    }

    @Test func byteLimitIsChecked() throws {
        let photo = try Paths.read(Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg"))
        #expect(refusal(photo, limits: InputLimits(maxBytes: 500_000))?.code == .tooLarge)
    }

    /// A photo that takes too long to decode is stopped and refused, and the
    /// same renderer goes on to the next one.
    @Test func slowDecodeIsStoppedAsATimeout() throws {
        let photo = try Paths.read(Paths.corpus("sharp-fixtures/2569067123_aca715a2ee_o.jpg"))
        let found = refusal(photo, limits: InputLimits(maxSeconds: 0.000_1))
        #expect(found?.code == .timeout, "\(String(describing: found))")
        #expect(refusal(photo, limits: InputLimits(maxSeconds: 30)) == nil)
    }

    /// A strip 16384 x 3: libvips 8.14 shrinking it on load to 2048 wide
    /// makes it 0 rows high and aborts the whole process (an assertion in
    /// vips_image_generate; found by FuzzRender as 2048 x 6 at 256). Refused
    /// from the header, either way round; a 20 to 1 picture still goes.
    @Test func stripShapedPicturesAreRefusedBeforeDecoding() throws {
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        func jpeg(_ width: Int, _ height: Int) throws -> [UInt8] {
            let path = scratch.file("\(width)x\(height).jpg")
            #expect(try ChildProcess.run("/usr/bin/vips", ["black", path, "\(width)", "\(height)", "--bands", "3"]).status == 0)
            return try Paths.read(path)
        }
        #expect(refusal(try jpeg(16384, 3))?.code == .unusualShape)
        #expect(refusal(try jpeg(3, 16384))?.code == .unusualShape)
        #expect(refusal(try jpeg(4000, 200)) == nil)
        // The audit fingerprints files nobody vetted: the same limits hold there.
        let strip = try jpeg(16384, 3)
        #expect(throws: ImageRefusal.self) { _ = try Fingerprint.thumbnailJPEG(of: strip, longEdge: 200) }
        #expect(throws: ImageRefusal.self) { _ = try Fingerprint.perceptualHash(of: strip) }
    }

    /// A frame header claiming zero colour components: whole, but nonsense.
    @Test func impossibleFrameHeaderIsCorrupt() throws {
        var photo = try Paths.read(Paths.corpus("sharp-fixtures/Landscape_1.jpg"))
        let frame = try #require(findMarker(0xC0, in: photo))
        photo[frame + 9] = 0  // FF C0, length (2), precision, height (2), width (2), components
        let found = refusal(photo)
        #expect(found?.code == .corrupt, "\(String(describing: found))")
    }

    func findMarker(_ marker: UInt8, in bytes: [UInt8]) -> Int? {
        (2 ..< bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == marker }
    }

    func findStartOfScan(_ bytes: [UInt8]) -> Int? { findMarker(0xDA, in: bytes) }
}
