import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Names of the people a photo's own XMP says are in it: IPTC
/// `Iptc4xmpExt:PersonInImage`, MWG face regions (`mwg-rs:Name`) and
/// Microsoft Photo regions (`MPReg:PersonDisplayName`), in element or
/// attribute form. Unparseable XMP is an error: a photo whose tags cannot
/// be read must not be treated as untagged.
public enum PeopleTags {
    public struct Unreadable: Error, Sendable {
        public let reason: String
    }

    static let iptcExtension = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    static let mwgRegions = "http://www.metadataworkinggroup.com/schemas/regions/"
    static let microsoftRegionInfo = "http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
    static let microsoftRegion = "http://ns.microsoft.com/photo/1.2/t/Region#"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    /// XMP larger than this is not a photo's metadata.
    static let sizeLimit = 4 * 1024 * 1024

    public static func names(inXMP xmp: [UInt8]) throws(Unreadable) -> [String] {
        guard xmp.count <= sizeLimit else { throw Unreadable(reason: "the XMP is \(xmp.count) bytes") }
        var bytes = xmp
        while let last = bytes.last, last == 0 || last == 0x20 || last == 0x0A { bytes.removeLast() }
        guard !bytes.isEmpty else { return [] }
        // XMP is UTF-8. Foundation's XMLParser traps (takes the process
        // down) on an element name that is not valid UTF-8, which libxml2
        // passes through: found by the fuzzer, refused here first.
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Unreadable(reason: "the XMP is not UTF-8 text")
        }
        let reader = Reader()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        // Foundation's parse() can report success while recording an error: check both.
        guard parser.parse(), parser.parserError == nil else {
            throw Unreadable(reason: parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML")
        }
        guard reader.elements > 0 else { throw Unreadable(reason: "no XML in the XMP packet") }
        var seen: Set<String> = []
        return reader.names.filter { seen.insert($0).inserted }
    }

    /// A SAX reader that remembers only where it is and the names it meets.
    final class Reader: NSObject, XMLParserDelegate {
        struct Element { let namespace: String; let name: String }
        struct Region { let depth: Int; let kind: String; var name: String?; var type: String? }

        var names: [String] = []
        var elements = 0
        private var stack: [Element] = []
        private var prefixes: [String: [String]] = [:]
        private var region: Region?
        private var text = ""
        private var capturing: String?  // "person", "name", "type"

        func parser(_ parser: XMLParser, didStartMappingPrefix prefix: String, toURI namespaceURI: String) {
            prefixes[prefix, default: []].append(namespaceURI)
        }

        func parser(_ parser: XMLParser, didEndMappingPrefix prefix: String) {
            _ = prefixes[prefix]?.popLast()
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let element = Element(namespace: namespaceURI ?? "", name: name)
            elements += 1
            defer { stack.append(element) }
            text = ""
            capturing = nil
            let isItem = element.namespace == PeopleTags.rdf && element.name == "li"
            if isItem, region == nil {
                if inside(PeopleTags.mwgRegions, "RegionList") { region = Region(depth: stack.count, kind: "mwg") }
                else if inside(PeopleTags.microsoftRegionInfo, "Regions") { region = Region(depth: stack.count, kind: "mp") }
                else if inside(PeopleTags.iptcExtension, "PersonInImage") { capturing = "person"; return }
            }
            if region != nil {
                read(attributes)
                switch (element.namespace, element.name) {
                case (PeopleTags.mwgRegions, "Name"), (PeopleTags.microsoftRegion, "PersonDisplayName"): capturing = "name"
                case (PeopleTags.mwgRegions, "Type"): capturing = "type"
                default: break
                }
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if capturing != nil { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch capturing {
            case "person": if !value.isEmpty { names.append(value) }
            case "name": region?.name = value
            case "type": region?.type = value
            default: break
            }
            capturing = nil
            text = ""
            stack.removeLast()
            if let finished = region, stack.count == finished.depth {
                // MWG regions also mark pets, barcodes and focus points: only faces are people.
                if let name = finished.name, !name.isEmpty, finished.kind == "mp" || (finished.type ?? "Face") == "Face" {
                    names.append(name)
                }
                region = nil
            }
        }

        private func inside(_ namespace: String, _ name: String) -> Bool {
            stack.contains { $0.namespace == namespace && $0.name == name }
        }

        private func read(_ attributes: [String: String]) {
            for (qualified, value) in attributes {
                let parts = qualified.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, let namespace = prefixes[parts[0]]?.last else { continue }
                switch (namespace, parts[1]) {
                case (PeopleTags.mwgRegions, "Name"), (PeopleTags.microsoftRegion, "PersonDisplayName"): region?.name = value
                case (PeopleTags.mwgRegions, "Type"): region?.type = value
                default: break
                }
            }
        }
    }
}
