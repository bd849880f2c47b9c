import ImageStructure

/// Names of the people a photo's own XMP says are in it, from every field
/// photo tools record them in:
///
/// * IPTC Extension: Person Shown (`Iptc4xmpExt:PersonInImage`) and Person
///   Shown with details (`PersonInImageWDetails/PersonName`), wherever they
///   sit (image regions included);
/// * MWG face regions (`mwg-rs:Name`): every region but those typed as a
///   pet, a barcode or a focus point, whatever the case;
/// * Microsoft Photo regions (`MPReg:PersonDisplayName`);
/// * people keywords: digiKam (`TagsList`, "People/Name"), Lightroom
///   (`hierarchicalSubject`, "People|Name"), Windows Photo Gallery
///   (`LastKeywordXMP`) and Photo Mechanic / Expression Media (`CatalogSets`).
///
/// A packet that cannot be parsed, or a people field whose value is not a
/// name (an XML literal, a structure without one), is an error: a photo
/// whose tags cannot be read must not be treated as untagged.
public enum PeopleTags {
    public struct Refusal: Error, Sendable {
        public enum Kind: Sendable { case packet, peopleField }
        public let kind: Kind
        public let reason: String
    }

    static let iptcExtension = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    static let mwgRegions = "http://www.metadataworkinggroup.com/schemas/regions/"
    static let microsoftRegion = "http://ns.microsoft.com/photo/1.2/t/Region#"
    static let xmpNote = "http://ns.adobe.com/xmp/note/"
    /// Hierarchical keyword fields, each with the separator its tool uses.
    static let keywordFields: [String: (name: String, separator: Character)] = [
        "http://www.digikam.org/ns/1.0/": ("TagsList", "/"),
        "http://ns.adobe.com/lightroom/1.0/": ("hierarchicalSubject", "|"),
        "http://ns.microsoft.com/photo/1.0/": ("LastKeywordXMP", "/"),
        // exiftool's spelling of Windows' namespace.
        "http://ns.microsoft.com/photo/1.0": ("LastKeywordXMP", "/"),
        "http://ns.iview-multimedia.com/mediapro/1.0/": ("CatalogSets", "|"),
    ]
    /// The top of a keyword hierarchy whose leaves are people.
    static let peopleRoots: Set<String> = ["people", "person", "persons"]
    /// MWG region types that are not people.
    static let notPeople: Set<String> = ["pet", "barcode", "focus"]

    /// Everyone named in `xmp`, each once, in the order found.
    public static func names(in xmp: EmbeddedXMP.Found) throws(Refusal) -> [String] {
        var reader = Reader()
        for packet in xmp.packets {
            guard packet.count <= EmbeddedXMP.sizeLimit else {
                throw Refusal(kind: .packet, reason: "an XMP packet of \(packet.count) bytes")
            }
            let properties: [XMPProperty]
            do {
                properties = try XMPProperty.parse(packet)
            } catch {
                throw Refusal(kind: .packet, reason: error.reason)
            }
            try reader.read(properties)
        }
        if let missing = reader.extensions.subtracting(xmp.extensionGUIDs).first {
            throw Refusal(kind: .packet, reason: "its extended XMP \(missing.prefix(8))... is missing")
        }
        var seen: Set<String> = []
        return reader.names.filter { seen.insert($0).inserted }
    }

    /// One packet, as a convenience for tests and fuzzing.
    public static func names(inXMP packet: [UInt8]) throws(Refusal) -> [String] {
        try names(in: EmbeddedXMP.Found(packets: [packet]))
    }

    struct Reader {
        var names: [String] = []
        /// Extended XMP the packets say they have.
        var extensions: Set<String> = []

        mutating func read(_ properties: [XMPProperty]) throws(Refusal) {
            for property in properties { try read(property) }
        }

        mutating func read(_ property: XMPProperty) throws(Refusal) {
            let (namespace, name, value) = (property.namespace, property.name, property.value)
            switch (namespace, name) {
            case (_, "PersonInImage"):
                // These names are read under any namespace: a tool that
                // misspelt IPTC's still meant them.
                try texts(value, field: name).forEach { add($0) }
                return
            case (_, "PersonInImageWDetails"):
                for person in try items(value, field: name) {
                    guard case .structure(let fields) = person,
                          let given = fields.first(where: { $0.name == "PersonName" }) else {
                        throw Refusal(kind: .peopleField, reason: "a person shown without a name")
                    }
                    try texts(given.value, field: "PersonName").forEach { add($0) }
                }
                return
            case (_, "PersonDisplayName"):
                try texts(value, field: name).forEach { add($0) }
                return
            case (xmpNote, "HasExtendedXMP"):
                if case .text(let guid) = value { extensions.insert(guid.trimmingWhitespace) }
                return
            default:
                break
            }
            if let keywords = keywordFields[namespace], keywords.name == name {
                for keyword in try texts(value, field: name) {
                    let path = keyword.split(separator: keywords.separator).map { String($0).trimmingWhitespace }
                    if path.count >= 2, peopleRoots.contains(path[0].lowercased()), let leaf = path.last { add(leaf) }
                }
                return
            }
            switch value {
            case .structure(let fields):
                if let region = fields.first(where: { $0.namespace == mwgRegions && $0.name == "Name" }) {
                    try readRegion(name: region.value, fields)
                }
                try read(fields.filter { !($0.namespace == mwgRegions && $0.name == "Name") })
            case .array(let items):
                for item in items { try read(XMPProperty(namespace: namespace, name: name, value: item)) }
            case .text, .unreadable:
                break
            }
        }

        /// An MWG region: a person unless typed as something else.
        mutating func readRegion(name: XMPProperty.Value, _ fields: [XMPProperty]) throws(Refusal) {
            let type = fields.first { $0.namespace == mwgRegions && $0.name == "Type" }
            if case .text(let kind)? = type?.value, notPeople.contains(kind.trimmingWhitespace.lowercased()) { return }
            try texts(name, field: "mwg-rs:Name").forEach { add($0) }
        }

        mutating func add(_ name: String) {
            let trimmed = name.trimmingWhitespace
            if !trimmed.isEmpty { names.append(trimmed) }
        }

        /// The items of an array, or a single value as one item.
        func items(_ value: XMPProperty.Value, field: String) throws(Refusal) -> [XMPProperty.Value] {
            switch value {
            case .array(let items): return items
            case .unreadable(let why): throw Refusal(kind: .peopleField, reason: "\(field) holds \(why)")
            default: return [value]
            }
        }

        /// Every name a people field holds: text, or an array (a language
        /// alternative included) of text.
        func texts(_ value: XMPProperty.Value, field: String) throws(Refusal) -> [String] {
            var found: [String] = []
            for item in try items(value, field: field) {
                guard case .text(let text) = item else {
                    throw Refusal(kind: .peopleField, reason: "\(field) holds something other than a name")
                }
                found.append(text)
            }
            return found
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
