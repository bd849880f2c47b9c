import ConsentGate
import Foundation
import Imaging
import ImageStructure
import Testing
import TestSupport

/// exiftool writes each people field into each container the gate accepts;
/// the gate must read from the file exactly the people exiftool reads back.
@Suite("People tags: the gate reads what exiftool reads")
struct PeopleTagsDifferentialTests {
    /// One name per field, so that a field the gate misses shows by name.
    static let fields = [
        "-XMP-iptcExt:PersonInImage=Shown Person",
        "-XMP-iptcExt:PersonInImageWDetails={PersonName=Detailed Person}",
        "-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=100,H=100,Unit=pixel},RegionList=["
            + "{Area={X=0.5,Y=0.5,W=0.1,H=0.1,Unit=normalized},Name=Region Person,Type=Face},"
            + "{Area={X=0.2,Y=0.2,W=0.1,H=0.1,Unit=normalized},Name=Rex,Type=Pet}]}",
        "-XMP-MP:RegionInfoMP={Regions=[{PersonDisplayName=Windows Person,Rectangle=0.1 0.1 0.2 0.2}]}",
        "-XMP-digiKam:TagsList=People/Family/Digikam Person",
        "-XMP-digiKam:TagsList+=Places/Hillside",
        "-XMP-lr:HierarchicalSubject=People|Lightroom Person",
        "-XMP-microsoft:LastKeywordXMP=People/Gallery Person",
        "-XMP-mediapro:CatalogSets=People|Mediapro Person",
    ]
    static let expected: Set<String> = ["Shown Person", "Detailed Person", "Region Person", "Windows Person",
                                         "Digikam Person", "Lightroom Person", "Gallery Person", "Mediapro Person"]

    enum Base: String, CaseIterable { case jpeg, png, webp, tiff, heic }

    /// A small photo in each container: the fixtures, or libvips' conversion of one.
    static func base(_ base: Base, in scratch: TemporaryDirectory) throws -> String {
        let target = scratch.file("photo." + base.rawValue)
        switch base {
        case .jpeg: try FileManager.default.copyItem(atPath: Fixture.sportsDay, toPath: target)
        case .png: try FileManager.default.copyItem(atPath: Fixture.classFlag, toPath: target)
        case .heic: try FileManager.default.copyItem(atPath: Fixture.smallCropHEIC, toPath: target)
        case .webp, .tiff:
            let run = try ChildProcess.run("/usr/bin/vips", ["copy", Fixture.classFlag, target])
            #expect(run.status == 0, "\(run.stderr)")
        }
        return target
    }

    static func gateNames(_ path: String) throws -> Set<String> {
        let renderer = Renderer(settings: Settings.builtIn.approvedRendering(for: Settings.builtIn.channels["facebook"]!))
        return Set(try PeopleTags.names(in: renderer.inspect(try Paths.read(path)).xmp))
    }

    static func write(_ arguments: [String], to path: String) throws {
        let run = try ChildProcess.run("/usr/bin/exiftool", ["-q", "-overwrite_original"] + arguments + [path])
        #expect(run.status == 0, "exiftool: \(run.stderr)")
    }

    @Test(arguments: Base.allCases)
    func everyPeopleFieldInEveryContainer(base: Base) throws {
        let scratch = TemporaryDirectory()
        let path = try Self.base(base, in: scratch)
        #expect(try Self.gateNames(path).isEmpty)
        try Self.write(Self.fields, to: path)
        let oracle = try Exiftool.peopleNames(of: path)
        #expect(oracle == Self.expected, "exiftool itself reads other names: the test's premise is wrong")
        let gate = try Self.gateNames(path)
        #expect(gate == oracle, "the gate missed \(oracle.subtracting(gate).sorted()), read \(gate.subtracting(oracle).sorted()) more")
    }

    /// ImageMagick keeps a JPEG's APP1 segment in a PNG as a hex "Raw
    /// profile type APP1" text chunk; exiftool reads the XMP in it.
    @Test func imageMagickRawAPP1ProfileInAPNG() throws {
        let scratch = TemporaryDirectory()
        let path = try Self.base(.png, in: scratch)
        let packet = Array("http://ns.adobe.com/xap/1.0/".utf8) + [0] + Array("""
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">            <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">            <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Raw Person</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>            </rdf:Description></rdf:RDF></x:xmpmeta>
            """.utf8)
        let hex = packet.map { String(format: "%02x", $0) }.joined()
        let lines = stride(from: 0, to: hex.count, by: 72).map { start -> String in
            let from = hex.index(hex.startIndex, offsetBy: start)
            return String(hex[from ..< hex.index(from, offsetBy: min(72, hex.count - start))])
        }
        let text = Array("Raw profile type APP1".utf8) + [0] + Array("\napp1\n\(String(repeating: " ", count: 6))\(packet.count)\n\(lines.joined(separator: "\n"))\n".utf8)
        var png = try Paths.read(path)
        png.insert(contentsOf: PNGChunk.make(type: Array("tEXt".utf8), data: text), at: png.count - 12)  // before IEND
        try Data(png).write(to: URL(fileURLWithPath: path))
        #expect(try Exiftool.peopleNames(of: path) == ["Raw Person"])
        #expect(try Self.gateNames(path) == ["Raw Person"])
    }

    @Test func compressedPNGText() throws {
        let scratch = TemporaryDirectory()
        let path = try Self.base(.png, in: scratch)
        try Self.write(["-z", "-XMP-iptcExt:PersonInImage=Compressed Person"], to: path)
        #expect(try Self.gateNames(path) == Exiftool.peopleNames(of: path))
        #expect(try Self.gateNames(path) == ["Compressed Person"])
    }
}
