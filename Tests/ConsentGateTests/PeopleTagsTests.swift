import ConsentGate
import Imaging
import Testing
import TestSupport

@Suite("People tags in XMP, and manifests")
struct PeopleTagsTests {
    func tags(_ photo: String) throws -> [String] {
        let renderer = Renderer(settings: Settings.builtIn.approvedRendering(for: Settings.builtIn.channels["facebook"]!))
        return try PeopleTags.names(in: renderer.inspect(try Paths.read(Paths.fixture("photos/" + photo))).xmp)
    }

    @Test func personInImage() throws {
        #expect(try tags("tagged-ruby.jpg") == ["Ruby Clarke"])
    }

    @Test func mwgFaceRegionsButNotPets() throws {
        #expect(try tags("tagged-isla-mwg.jpg") == ["Isla Murray"])
    }

    @Test func microsoftPhotoRegions() throws {
        #expect(try tags("tagged-amara-mp.jpg") == ["Amara Okafor"])
    }

    @Test func untaggedPhotoHasNoNames() throws {
        #expect(try tags("sports-day.jpg") == [])
    }

    @Test func attributeFormsAreReadToo() throws {
        let xmp = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
             <rdf:Description xmlns:mwg="http://www.metadataworkinggroup.com/schemas/regions/"
                  xmlns:P="http://ns.microsoft.com/photo/1.2/" xmlns:RI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
                  xmlns:R="http://ns.microsoft.com/photo/1.2/t/Region#">
              <mwg:Regions rdf:parseType="Resource"><mwg:RegionList><rdf:Bag>
               <rdf:li><rdf:Description mwg:Name="Oliver Bennett" mwg:Type="Face"/></rdf:li>
               <rdf:li mwg:Name="Leo Fischer"/>
               <rdf:li mwg:Name="Rex" mwg:Type="Pet"/>
              </rdf:Bag></mwg:RegionList></mwg:Regions>
              <P:RegionInfo rdf:parseType="Resource"><RI:Regions><rdf:Bag>
               <rdf:li R:PersonDisplayName="Grace Thompson" R:Rectangle="0.1, 0.1, 0.2, 0.2"/>
              </rdf:Bag></RI:Regions></P:RegionInfo>
             </rdf:Description></rdf:RDF></x:xmpmeta>
            """
        #expect(try PeopleTags.names(inXMP: Array(xmp.utf8)) == ["Oliver Bennett", "Leo Fischer", "Grace Thompson"])
    }

    @Test func unreadableXMPIsAnErrorNotAnAbsence() {
        #expect(throws: PeopleTags.Refusal.self) { try PeopleTags.names(inXMP: Array("<x:xmpmeta><rdf:RDF>".utf8)) }
        #expect(throws: PeopleTags.Refusal.self) { try PeopleTags.names(inXMP: [0xFF, 0xFE, 0x00, 0x3C]) }
    }

    @Test func manifestsInJSONAndYAML() throws {
        let json = try Manifest.parse(Array(#"{"people": ["P001", "Oliver Bennett"], "caption": "Sports day", "channel": "website"}"#.utf8), name: "a.json")
        #expect(json == Declaration(people: .listed(["P001", "Oliver Bennett"]), caption: "Sports day", channel: "website"))
        let yaml = try Manifest.parse(Array("nobody: true\ncaption: Our trip\n".utf8), name: "a.yaml")
        #expect(yaml == Declaration(people: .nobody, caption: "Our trip"))
        let noneSaid = try Manifest.parse(Array("caption: hello\n".utf8), name: "b.yaml")
        #expect(noneSaid.people == .undeclared)
    }

    @Test(arguments: [
        "nobody: true\npeople: [P001]\n",
        "people: P001\n",
        "who: [P001]\n",
        "nobody: perhaps\n",
        "- P001\n",
        "{not json",
        "caption: [a, b]\n",
    ])
    func badManifestsAreRefused(text: String) {
        #expect(throws: Manifest.Refusal.self) { try Manifest.parse(Array(text.utf8), name: "m.yaml") }
    }
}

@Suite("People tags: inputs the fuzzer found")
struct PeopleTagsFuzzFindings {
    /// Both crashed Foundation's XMLParser (and would have taken the daemon
    /// down): `<` and eight 0xFF bytes; a processing instruction without data.
    @Test(arguments: ["xmp-invalid-utf8-element-name", "xmp-processing-instruction-without-data"])
    func foundFuzzInputIsUnreadableNotACrash(name: String) throws {
        let bytes = try Paths.read(Paths.packageRoot + "/Tests/Fuzz/FailCases/" + name)
        #expect(throws: PeopleTags.Refusal.self) { try PeopleTags.names(inXMP: bytes) }
    }

    @Test(arguments: [
        "<x><!DOCTYPE x [<!ENTITY a \"aaaa\">]><y>&a;</y></x>",  // a DTD: never in XMP
        "<x:a>unbound prefix</x:a>",
        "<a><b></a></b>",
        "<a>&nbsp;</a>",
        "<a/><b/>",
        "<a b=c/>",
    ])
    func malformedXMLIsRefused(text: String) {
        #expect(throws: PeopleTags.Refusal.self) { try PeopleTags.names(inXMP: Array(text.utf8)) }
    }

    @Test func entitiesCDATAAndCommentsAreRead() throws {
        let xmp = """
            <?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><!-- a comment -->
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
            <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Harry O&apos;Brien</rdf:li><rdf:li><![CDATA[Zoë Evans]]></rdf:li>
            <rdf:li>&#x41;va &#82;eid</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
            </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>
            """
        #expect(try PeopleTags.names(inXMP: Array(xmp.utf8)) == ["Harry O'Brien", "Zoë Evans", "Ava Reid"])
    }
}
