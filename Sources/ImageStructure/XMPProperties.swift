/// An XMP packet as the properties its RDF states, in every form RDF allows
/// them to be written: attributes or elements, structures written with
/// `rdf:parseType="Resource"`, a nested `rdf:Description` or attributes on
/// an empty element, arrays (`rdf:Bag`, `rdf:Seq`, `rdf:Alt`), and values
/// qualified with `rdf:value`. What XMP does not use (XML literals,
/// collections, mixed content) is kept as `.unreadable`, so that a reader
/// looking for one property can tell "absent" from "there, but not read".
public struct XMPProperty: Sendable, Equatable {
    public indirect enum Value: Sendable, Equatable {
        case text(String)
        case structure([XMPProperty])
        case array([Value])
        case unreadable(String)
    }

    public let namespace: String
    public let name: String
    public let value: Value

    public init(namespace: String, name: String, value: Value) {
        self.namespace = namespace
        self.name = name
        self.value = value
    }

    public static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let xml = "http://www.w3.org/XML/1998/namespace"

    /// The top-level properties of every `rdf:Description` in the packet.
    public static func parse(_ packet: [UInt8]) throws(XMLEvents.Problem) -> [XMPProperty] {
        var bytes = packet
        // Packets are padded with spaces, newlines or zeros.
        while let last = bytes.last, last == 0 || last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 { bytes.removeLast() }
        guard !bytes.isEmpty else { return [] }
        let root = try Element.tree(XMLEvents.parse(bytes))
        var properties: [XMPProperty] = []
        root.visit { element in
            guard element.is(rdf, "RDF") else { return true }
            for node in element.children { properties += node.nodeProperties }
            return false
        }
        return properties
    }

    /// An element of the packet, with its text and children.
    struct Element {
        let namespace: String
        let name: String
        let attributes: [XMLEvents.Attribute]
        var children: [Element] = []
        var text = ""

        func `is`(_ namespace: String, _ name: String) -> Bool { self.namespace == namespace && self.name == name }

        func attribute(_ namespace: String, _ name: String) -> String? {
            attributes.first { $0.namespace == namespace && $0.name == name }?.value
        }

        /// Attributes that are properties, not RDF or XML syntax.
        var propertyAttributes: [XMLEvents.Attribute] {
            attributes.filter { $0.namespace != XMPProperty.rdf && $0.namespace != XMPProperty.xml && !$0.namespace.isEmpty }
        }

        /// Depth first; `body` returns whether to look inside.
        func visit(_ body: (Element) -> Bool) {
            guard body(self) else { return }
            for child in children { child.visit(body) }
        }

        static func tree(_ events: [XMLEvents.Event]) -> Element {
            var stack = [Element(namespace: "", name: "", attributes: [])]
            for event in events {
                switch event {
                case .start(let namespace, let name, let attributes):
                    stack.append(Element(namespace: namespace, name: name, attributes: attributes))
                case .text(let text):
                    stack[stack.count - 1].text += text
                case .end:
                    let done = stack.removeLast()
                    stack[stack.count - 1].children.append(done)
                }
            }
            return stack[0]
        }

        /// A node element (`rdf:Description` or a typed node): its
        /// attributes and its children are properties.
        var nodeProperties: [XMPProperty] {
            propertyAttributes.map { XMPProperty(namespace: $0.namespace, name: $0.name, value: .text($0.value)) }
                + children.map { XMPProperty(namespace: $0.namespace, name: $0.name, value: $0.propertyValue) }
        }

        /// What a property element (or an `rdf:li`) holds.
        var propertyValue: Value {
            if let parseType = attribute(XMPProperty.rdf, "parseType") {
                guard parseType == "Resource" else { return .unreadable("rdf:parseType=\"\(parseType)\"") }
                return Self.qualified(nodeProperties)
            }
            if let resource = attribute(XMPProperty.rdf, "resource") {
                return children.isEmpty && propertyAttributes.isEmpty ? .text(resource) : .unreadable("a resource with content")
            }
            let hasText = !text.allSatisfy(\.isWhitespace)
            if children.isEmpty {
                let fields = propertyAttributes
                if let value = attribute(XMPProperty.rdf, "value") {
                    return hasText ? .unreadable("a value given twice") : .text(value)
                }
                guard !fields.isEmpty else { return .text(text) }
                guard !hasText else { return .unreadable("text beside fields") }
                return Self.qualified(nodeProperties)
            }
            guard children.count == 1, !hasText else { return .unreadable("several values in one property") }
            let child = children[0]
            if child.namespace == XMPProperty.rdf, ["Bag", "Seq", "Alt"].contains(child.name) {
                guard child.text.allSatisfy(\.isWhitespace) else { return .unreadable("text inside an array") }
                return .array(child.children.map { item in
                    item.is(XMPProperty.rdf, "li") ? item.propertyValue : .unreadable("an array item that is not rdf:li")
                })
            }
            guard child.namespace != XMPProperty.rdf || child.name == "Description" else {
                return .unreadable("rdf:\(child.name) as a value")
            }
            return Self.qualified(child.nodeProperties)
        }

        /// A structure, or the `rdf:value` of a qualified value (its
        /// qualifiers, such as a language, are dropped).
        static func qualified(_ fields: [XMPProperty]) -> Value {
            if let value = fields.first(where: { $0.namespace == XMPProperty.rdf && $0.name == "value" }) {
                return value.value
            }
            return .structure(fields)
        }
    }
}
