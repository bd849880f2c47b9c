import ConsentGate
import Crypto
import Foundation
import Imaging
import Testing
import TestSupport

/// The JPEG forms of XMP that a reader of only the first APP1 segment
/// misses: each is read by exiftool, so each is read by the world.
@Suite("People tags: every XMP segment of a JPEG")
struct PeopleTagsJPEGTests {
    static let standardID = Array("http://ns.adobe.com/xap/1.0/".utf8) + [0]
    static let extendedID = Array("http://ns.adobe.com/xmp/extension/".utf8) + [0]

    static func packet(_ body: String) -> String {
        """
        <?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">\
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\
        <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" \
        xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" \
        xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmlns:dc="http://purl.org/dc/elements/1.1/">\
        \(body)</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>
        """
    }

    static func personInImage(_ name: String) -> String {
        "<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>\(name)</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>"
    }

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// The fixture photo with these APP segments placed straight after its SOI.
    static func photo(with segments: [[UInt8]], in scratch: TemporaryDirectory) throws -> String {
        let original = try Paths.read(Fixture.sportsDay)
        let path = scratch.file("photo.jpg")
        try Data(original.prefix(2) + segments.joined() + original.dropFirst(2)).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Extended XMP: the packet split into chunks, each naming the MD5 GUID,
    /// the full length and its offset.
    static func extended(_ packet: [UInt8], chunkSize: Int, dropping dropped: Int? = nil) -> (guid: String, segments: [[UInt8]]) {
        let guid = Insecure.MD5.hash(data: packet).map { String(format: "%02X", $0) }.joined()
        var segments: [[UInt8]] = []
        for (index, offset) in stride(from: 0, to: packet.count, by: chunkSize).enumerated() where index != dropped {
            let header = Array(guid.utf8) + bigEndian(UInt32(packet.count)) + bigEndian(UInt32(offset))
            segments.append(segment(0xE1, extendedID + header + packet[offset..<min(offset + chunkSize, packet.count)]))
        }
        return (guid, segments)
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }

    static func standard(_ body: String) -> [UInt8] { segment(0xE1, standardID + Array(packet(body).utf8)) }

    static func gateNames(_ path: String) throws -> [String] {
        let renderer = Renderer(settings: Settings.builtIn.approvedRendering(for: Settings.builtIn.channels["facebook"]!))
        return try PeopleTags.names(in: renderer.inspect(try Paths.read(path)).xmp)
    }

    @Test func personInASecondXMPSegment() throws {
        let scratch = TemporaryDirectory()
        let path = try Self.photo(with: [Self.standard("<dc:format>image/jpeg</dc:format>"),
                                         Self.standard(Self.personInImage("Second Segment"))], in: scratch)
        #expect(try Exiftool.peopleNames(of: path) == ["Second Segment"])
        #expect(try Self.gateNames(path) == ["Second Segment"])
    }

    @Test func personInExtendedXMP() throws {
        let scratch = TemporaryDirectory()
        // Padding makes the extension span several segments, as a real one does.
        let padding = "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(String(repeating: "school ", count: 12_000))</rdf:li></rdf:Alt></dc:description>"
        let (guid, chunks) = Self.extended(Array(Self.packet(padding + Self.personInImage("Extended Person")).utf8), chunkSize: 60_000)
        #expect(chunks.count == 2)
        let path = try Self.photo(with: [Self.standard("<xmpNote:HasExtendedXMP>\(guid)</xmpNote:HasExtendedXMP>")] + chunks.reversed(),
                                  in: scratch)
        #expect(try Exiftool.peopleNames(of: path) == ["Extended Person"])
        #expect(try Self.gateNames(path) == ["Extended Person"])
    }

    @Test func anExtensionWithAPartMissingIsRefused() throws {
        let scratch = TemporaryDirectory()
        let padding = "<dc:format>\(String(repeating: "x", count: 70_000))</dc:format>"
        let (guid, chunks) = Self.extended(Array(Self.packet(padding + Self.personInImage("Extended Person")).utf8),
                                           chunkSize: 60_000, dropping: 1)
        let path = try Self.photo(with: [Self.standard("<xmpNote:HasExtendedXMP>\(guid)</xmpNote:HasExtendedXMP>")] + chunks,
                                  in: scratch)
        #expect(throws: ImageRefusal.self) { try Self.gateNames(path) }
    }

    @Test func anExtensionThatIsNamedButAbsentIsRefused() throws {
        let scratch = TemporaryDirectory()
        let path = try Self.photo(with: [Self.standard("<xmpNote:HasExtendedXMP>0123456789ABCDEF0123456789ABCDEF</xmpNote:HasExtendedXMP>")],
                                  in: scratch)
        #expect(throws: PeopleTags.Refusal.self) { try Self.gateNames(path) }
    }

    @Test func aBagItemWrittenAsRDFValue() throws {
        let scratch = TemporaryDirectory()
        let body = "<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li rdf:parseType=\"Resource\"><rdf:value>Value Person</rdf:value>"
            + "</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>"
        let path = try Self.photo(with: [Self.standard(body)], in: scratch)
        #expect(try Exiftool.peopleNames(of: path) == ["Value Person"])
        #expect(try Self.gateNames(path) == ["Value Person"])
    }

    @Test func aFaceRegionTypedInLowerCase() throws {
        let scratch = TemporaryDirectory()
        let body = "<mwg-rs:Regions rdf:parseType=\"Resource\"><mwg-rs:RegionList><rdf:Bag>"
            + "<rdf:li rdf:parseType=\"Resource\"><mwg-rs:Name>Lower Face</mwg-rs:Name><mwg-rs:Type>face</mwg-rs:Type></rdf:li>"
            + "<rdf:li rdf:parseType=\"Resource\"><mwg-rs:Name>Rex</mwg-rs:Name><mwg-rs:Type>pet</mwg-rs:Type></rdf:li>"
            + "</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>"
        let path = try Self.photo(with: [Self.standard(body)], in: scratch)
        #expect(try Self.gateNames(path) == ["Lower Face"])
    }
}
