import ImageStructure

/// Names of the people a photo's own XMP says are in it: IPTC
/// `Iptc4xmpExt:PersonInImage`, MWG face regions (`mwg-rs:Name`) and
/// Microsoft Photo regions (`MPReg:PersonDisplayName`), in element or
/// attribute form. Unparseable XMP is an error: a photo whose tags cannot be
/// read must not be treated as untagged.
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
        let events: [XMLEvents.Event]
        do {
            events = try XMLEvents.parse(bytes)
        } catch {
            throw Unreadable(reason: error.reason)
        }
        var reader = Reader()
        for event in events { reader.read(event) }
        var seen: Set<String> = []
        return reader.names.filter { seen.insert($0).inserted }
    }

    /// Remembers only where it is and the names it meets.
    struct Reader {
        struct Element { let namespace: String; let name: String }
        struct Region { let depth: Int; let kind: String; var name: String?; var type: String? }

        var names: [String] = []
        private var stack: [Element] = []
        private var region: Region?
        private var text = ""
        private var capturing: String?  // "person", "name", "type"

        mutating func read(_ event: XMLEvents.Event) {
            switch event {
            case .start(let namespace, let name, let attributes): start(Element(namespace: namespace, name: name), attributes)
            case .text(let string): if capturing != nil { text += string }
            case .end: end()
            }
        }

        private mutating func start(_ element: Element, _ attributes: [XMLEvents.Attribute]) {
            defer { stack.append(element) }
            text = ""
            capturing = nil
            let isItem = element.namespace == PeopleTags.rdf && element.name == "li"
            if isItem, region == nil {
                if inside(PeopleTags.mwgRegions, "RegionList") { region = Region(depth: stack.count, kind: "mwg") }
                else if inside(PeopleTags.microsoftRegionInfo, "Regions") { region = Region(depth: stack.count, kind: "mp") }
                else if inside(PeopleTags.iptcExtension, "PersonInImage") { capturing = "person"; return }
            }
            guard region != nil else { return }
            for attribute in attributes {
                switch (attribute.namespace, attribute.name) {
                case (PeopleTags.mwgRegions, "Name"), (PeopleTags.microsoftRegion, "PersonDisplayName"): region?.name = attribute.value
                case (PeopleTags.mwgRegions, "Type"): region?.type = attribute.value
                default: break
                }
            }
            switch (element.namespace, element.name) {
            case (PeopleTags.mwgRegions, "Name"), (PeopleTags.microsoftRegion, "PersonDisplayName"): capturing = "name"
            case (PeopleTags.mwgRegions, "Type"): capturing = "type"
            default: break
            }
        }

        private mutating func end() {
            let value = text.trimmingWhitespace
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
    }
}

extension String {
    var trimmingWhitespace: String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view.removeFirst() }
        while view.last?.isWhitespace == true { view.removeLast() }
        return String(view)
    }
}
