import Foundation
import ImageStructure
import Testing
import TestSupport

/// Hostile containers found in review: each must be refused quickly, never
/// make the reader hold or walk more than a photo's metadata.
@Suite("XMP readers: bounds on hostile containers")
struct EmbeddedXMPLimitsTests {
    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    static func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16) }
    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: Int) -> [UInt8] { be16(v >> 16) + be16(v & 0xFFFF) }
    static func box(_ type: String, _ body: [UInt8]) -> [UInt8] { be32(body.count + 8) + Array(type.utf8) + body }
    static let noInflate: EmbeddedXMP.Inflate = { _, _ in nil }

    /// 2,000 SubIFD entries all pointing at one list of 5,000 directories:
    /// ten million pointers if each were queued.
    @Test func repeatedDirectoryPointersAreQueuedOnce() throws {
        let entries = 2000, pointers = 5000
        let listAt = 8 + 2 + entries * 12 + 4
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + Self.le32(8) + Self.le16(entries)
        for _ in 0 ..< entries { tiff += Self.le16(330) + Self.le16(4) + Self.le32(pointers) + Self.le32(listAt) }
        tiff += Self.le32(0)
        for index in 0 ..< pointers { tiff += Self.le32(listAt + pointers * 4 + index * 2) }
        tiff += [UInt8](repeating: 0, count: pointers * 2 + 16)
        #expect(throws: EmbeddedXMP.Problem.self) { try EmbeddedXMP.find(in: tiff, format: .tiff, inflate: Self.noInflate) }
    }

    /// An 'iloc' of zero-width fields listing more items than libheif allows.
    @Test func anItemListOfZeroWidthFieldsIsRefused() throws {
        // Each item: its id, data reference 0, no extents; the first is the XMP.
        var items: [UInt8] = []
        for id in 1 ... 65_535 { items += Self.be16(id) + [0, 0, 0, 0] }
        let iloc = Self.box("iloc", [0, 0, 0, 0] + [0x00, 0x00] + Self.be16(65_535) + items)
        let infe = Self.box("infe", [2, 0, 0, 0] + Self.be16(1) + Self.be16(0) + Array("mime".utf8) + [0] + Array("application/rdf+xml".utf8) + [0])
        let iinf = Self.box("iinf", [0, 0, 0, 0] + Self.be16(1) + infe)
        let meta = Self.box("meta", [0, 0, 0, 0] + Self.box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0] + Array("pict".utf8) + [UInt8](repeating: 0, count: 13))
                                   + Self.box("pitm", [0, 0, 0, 0] + Self.be16(1)) + iinf + iloc)
        let file = Self.box("ftyp", Array("heic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8)) + meta
        #expect(throws: EmbeddedXMP.Problem.self) { try EmbeddedXMP.find(in: file, format: .heif, inflate: Self.noInflate) }
    }

    /// Thousands of different small packets are read once each, quickly;
    /// more than 32 MB of XMP in all is refused.
    @Test func manyPacketsAreCollectedOnceAndWithinABudget() throws {
        var found = EmbeddedXMP.Found()
        for index in 0 ..< 50_000 { try found.add(Array("<x:xmpmeta>\(index)</x:xmpmeta>".utf8)) }
        try found.add(Array("<x:xmpmeta>0</x:xmpmeta>".utf8))
        #expect(found.packets.count == 50_000)
        let big = [UInt8](repeating: 0x20, count: 15 * 1024 * 1024)
        var budget = EmbeddedXMP.Found()
        try budget.add(big)
        try budget.add(big + [1])
        #expect(throws: EmbeddedXMP.Problem.self) { try budget.add(big + [2]) }
    }
}
