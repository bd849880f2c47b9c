import ImageStructure
import Testing
import TestSupport

@Suite("Sniffing formats from bytes, not names")
struct SniffTests {
    @Test(arguments: [
        ("sharp-fixtures/Landscape_1.jpg", ImageFormat.jpeg), ("exiftool-images/PNG.png", .png),
        ("exiftool-images/RIFF.webp", .webp), ("exiftool-images/ExifTool.tif", .tiff),
        ("exiftool-images/QuickTime.heic", .heif), ("sharp-fixtures/pitm.avif", .avif),
        ("exiftool-images/GIF.gif", .gif), ("exiftool-images/JXL.jxl", .jpegXL), ("exiftool-images/JXL2.jxl", .jpegXL),
    ])
    func corpusFilesAreRecognised(path: String, format: ImageFormat) throws {
        #expect(ImageFormat.sniff(try Paths.read(Paths.corpus(path))) == format)
    }

    @Test func markupAndDocumentsAreNotPhotos() {
        #expect(ImageFormat.sniff(Array("\u{FEFF}  <svg/>".utf8)) == .svg)
        #expect(ImageFormat.sniff(Array("%PDF-1.7".utf8)) == .pdf)
        #expect(ImageFormat.sniff(Array("hello".utf8)) == .unknown)
        #expect(ImageFormat.sniff([]) == .unknown)
        #expect(!ImageFormat.svg.isAllowed && !ImageFormat.gif.isAllowed && ImageFormat.heif.isAllowed)
    }
}

@Suite("JPEG segments")
struct JPEGFileTests {
    @Test func corpusJpegIsWalkedToItsEnd() throws {
        let file = try JPEGFile(parsing: try Paths.read(Paths.corpus("sharp-fixtures/Landscape_1.jpg")))
        #expect(file.width == 600 && file.height == 450 && file.components == 3)
        #expect(file.trailerLength == 0)
    }

    @Test func trailerIsMeasured() throws {
        let file = try JPEGFile(parsing: try Paths.read(Paths.corpus("sharp-fixtures/gain-map.jpg")))
        #expect(file.trailerLength > 0)
        #expect(file.segments.contains { $0.marker == 0xE2 })
    }

    @Test func everyCutIsTruncatedNeverACrash() throws {
        let whole = try Paths.read(Paths.corpus("exiftool-images/ExifTool.jpg"))
        // This file carries a trailer after its end-of-image marker: cut before that marker.
        let endOfImage = whole.count - (try JPEGFile(parsing: whole)).trailerLength - 2
        for length in stride(from: 0, to: endOfImage, by: 7) {
            let result = Result { try JPEGFile(parsing: Array(whole.prefix(length))) }
            switch result {
            case .success: Issue.record("a \(length)-byte prefix parsed as whole")
            case .failure(let error as JPEGFile.Problem): #expect(length < 2 || error == .truncated, "at \(length): \(error)")
            case .failure(let error): Issue.record("\(error)")
            }
        }
    }

    @Test func segmentLengthBelowTwoIsMalformed() {
        #expect(throws: JPEGFile.Problem.malformed("segment length 1 at byte 4")) {
            try JPEGFile(parsing: [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0xFF, 0xD9])
        }
    }

    @Test func endWithoutPictureIsMalformed() {
        #expect(throws: JPEGFile.Problem.self) { try JPEGFile(parsing: [0xFF, 0xD8, 0xFF, 0xD9]) }
    }
}

/// What libheif 1.15 does not tell: the order of the primary image's
/// properties, and a grid's own size.
@Suite("HEIF primary image description")
struct HEIFMetaTests {
    func meta(_ name: String) throws -> HEIFMeta? {
        HEIFMeta(try Paths.read(Paths.fixture("bad/" + name)))
    }

    @Test func aPhoneGridAgreesWithItsSizeAndIsNotTurned() throws {
        let grid = try #require(try meta("phone-grid-with-gps.heic"))
        #expect(grid.size == .init(width: 480, height: 360) && grid.gridSize == grid.size)
        #expect(grid.gridAgreesWithSize && !grid.turnsAQuarterBeforeItsSize)
    }

    @Test func aRotationBeforeTheSizeIsSeen() throws {
        let sony = try #require(try meta("rotation-before-size.heic"))
        #expect(sony.primaryProperties.map(\.type) == ["irot", "ispe"])
        #expect(sony.turnsAQuarterBeforeItsSize && sony.gridAgreesWithSize)
    }

    @Test func sizesThatDisagreeAreSeen() throws {
        let grid = try #require(try meta("grid-size-disagrees.heic"))
        #expect(grid.gridSize == .init(width: 360, height: 480) && grid.size == .init(width: 480, height: 360))
        #expect(!grid.gridAgreesWithSize)
        let single = try #require(try meta("turned-without-rotation.heic"))
        #expect(single.gridSize == nil && single.size == .init(width: 480, height: 360))
        #expect(single.gridAgreesWithSize && !single.turnsAQuarterBeforeItsSize)
    }

    /// Boxes too short for what they must hold: unreadable, never a trap.
    @Test(arguments: [
        [0, 0, 0, 8] + Array("meta".utf8),
        [0, 0, 0, 11] + Array("meta".utf8) + [0, 0, 0],
        [0, 0, 0, 20] + Array("meta".utf8) + [0, 0, 0, 0] + [0, 0, 0, 8] + Array("iinf".utf8),
        [0, 0, 0, 20] + Array("meta".utf8) + [0, 0, 0, 0] + [0, 0, 0, 8] + Array("iloc".utf8),
    ] as [[UInt8]])
    func emptyBoxesAreUnreadable(bytes: [UInt8]) {
        #expect(HEIFMeta(bytes) == nil)
    }

    @Test func aCutOffDescriptionIsUnreadable() throws {
        let bytes = try Paths.read(Fixture.phoneGridWithGPS)
        let meta = try #require((0 ..< 600).first { bytes.count > $0 + 8 && Array(bytes[$0 + 4 ..< $0 + 8]) == Array("meta".utf8) })
        for cut in stride(from: meta + 8, to: meta + 300, by: 7) {
            #expect(HEIFMeta(Array(bytes[..<cut])) == nil, "cut at \(cut)")
        }
    }
}

@Suite("EXIF directories from hostile bytes")
struct ExifDirectoriesTests {
    /// Little-endian TIFF header pointing at IFD0 at offset 8.
    let header: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]

    func entry(_ tag: UInt16, type: UInt16, count: UInt32, value: UInt32) -> [UInt8] {
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func le32(_ v: UInt32) -> [UInt8] { (0 ..< 4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        return le16(tag) + le16(type) + le32(count) + le32(value)
    }

    @Test func directoryPointingAtItselfIsMalformedNotALoop() {
        // IFD0 whose next-directory offset is 8, its own offset.
        let tiff = header + [1, 0] + entry(0x0112, type: 3, count: 1, value: 1) + [8, 0, 0, 0]
        #expect(throws: ExifDirectories.Problem.self) { try ExifDirectories(tiff: tiff) }
    }

    @Test func subDirectoryPointingBackIsMalformed() {
        let tiff = header + [1, 0] + entry(0x8769, type: 4, count: 1, value: 8) + [0, 0, 0, 0]
        #expect(throws: ExifDirectories.Problem.malformed("directory loop at 8")) { try ExifDirectories(tiff: tiff) }
    }

    @Test(arguments: [UInt32.max, UInt32.max / 2, 0x4000_0000])
    func hugeCountsAreMalformed(count: UInt32) {
        let tiff = header + [1, 0] + entry(0x010E, type: 2, count: count, value: 26) + [0, 0, 0, 0]
        #expect(throws: ExifDirectories.Problem.self) { try ExifDirectories(tiff: tiff) }
    }

    @Test(arguments: [UInt32.max, UInt32.max - 3, 0x8000_0000])
    func offsetsNearFourGigabytesAreMalformed(offset: UInt32) {
        let tiff = header + [1, 0] + entry(0x010E, type: 2, count: 20, value: offset) + [0, 0, 0, 0]
        #expect(throws: ExifDirectories.Problem.self) { try ExifDirectories(tiff: tiff) }
    }

    /// Where libvips' EXIF blocks keep the TIFF structure: after `Exif\0\0`,
    /// from the start, or, where allowed, inside a JPEG APP1 segment
    /// (Xiaomi's HEIC).
    @Test(arguments: [false, true])
    func theTIFFStructureIsFoundWhereLibexifFindsIt(inAPP1Segment: Bool) {
        let tiff = header + [0, 0, 0, 0, 0, 0]
        let identifier = JPEGFile.exifIdentifier
        func found(_ block: [UInt8]) -> [UInt8]? { ExifDirectories.tiff(in: block, inAPP1Segment: inAPP1Segment) }
        #expect(found(identifier + tiff) == tiff)
        #expect(found(tiff) == tiff)
        #expect(found([0xFF, 0xE1, 0x01, 0x82] + identifier + tiff) == (inAPP1Segment ? tiff : nil))
        #expect(found([0xFF, 0xE2, 0x01, 0x82] + identifier + tiff) == nil, "APP1 only")
        #expect(found([0, 0, 0, 6] + identifier + tiff) == nil, "a HEIF offset is libvips' to remove")
        #expect(found(identifier + [0x49, 0x49, 0x2B, 0x00]) == nil, "BigTIFF is not EXIF")
        #expect(found([]) == nil)
    }

    @Test func bothByteOrdersParse() throws {
        let little = header + [1, 0] + entry(0x0112, type: 3, count: 1, value: 6) + [0, 0, 0, 0]
        let parsedLittle = try ExifDirectories(tiff: little)
        #expect(parsedLittle.shortValue(parsedLittle.entry(0x0112, in: .ifd0)!) == 6)
        let big: [UInt8] = [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]
        let parsedBig = try ExifDirectories(tiff: big)
        #expect(parsedBig.shortValue(parsedBig.entry(0x0112, in: .ifd0)!) == 6)
    }
}
