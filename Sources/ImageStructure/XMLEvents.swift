/// A small XML reader for XMP packets, in Swift, refusing what XMP never
/// needs (a DTD, undeclared prefixes, unknown entities) instead of guessing.
/// Written because Foundation's XMLParser on Linux crashes the process on
/// hostile input (found by fuzzing: a non-UTF-8 element name, a processing
/// instruction without data), and a photo's XMP is hostile input.
public enum XMLEvents {
    public enum Event: Sendable, Equatable {
        case start(namespace: String, name: String, attributes: [Attribute])
        case end
        case text(String)
    }

    public struct Attribute: Sendable, Equatable {
        public let namespace: String
        public let name: String
        public let value: String
    }

    public struct Problem: Error, Sendable, Equatable {
        public let reason: String
    }

    static let maxDepth = 200
    static let maxEvents = 200_000

    public static func parse(_ bytes: [UInt8]) throws(Problem) -> [Event] {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw Problem(reason: "not UTF-8") }
        var scanner = Scanner(bytes: bytes, index: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
        return try scanner.run()
    }

    struct Scanner {
        let bytes: [UInt8]
        var index: Int
        var events: [Event] = []
        /// Open elements: their qualified names and the prefixes they declared.
        var stack: [(qname: [UInt8], declared: [String: String])] = []
        var sawElement = false

        mutating func run() throws(Problem) -> [Event] {
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<") {
                    try markup()
                } else {
                    let start = index
                    while index < bytes.count && bytes[index] != UInt8(ascii: "<") { index += 1 }
                    let text = try decode(bytes[start ..< index])
                    if stack.isEmpty {
                        guard text.allSatisfy(\.isWhitespace) else { throw Problem(reason: "text outside the root element") }
                    } else {
                        try emit(.text(text))
                    }
                }
            }
            guard stack.isEmpty else { throw Problem(reason: "unclosed element") }
            guard sawElement else { throw Problem(reason: "no element") }
            return events
        }

        mutating func markup() throws(Problem) {
            if starts("<?") {
                try skip(past: "?>")
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>")
                guard !stack.isEmpty else { throw Problem(reason: "CDATA outside the root element") }
                try emit(.text(String(decoding: bytes[start ..< index - 3], as: UTF8.self)))
            } else if starts("<!") {
                throw Problem(reason: "a DTD or declaration, which XMP never has")
            } else if starts("</") {
                index += 2
                let name = readName()
                skipSpace()
                guard expect(">"), let open = stack.popLast(), open.qname == name else {
                    throw Problem(reason: "mismatched end tag")
                }
                try emit(.end)
            } else {
                try startTag()
            }
        }

        mutating func startTag() throws(Problem) {
            index += 1
            let qname = readName()
            guard !qname.isEmpty else { throw Problem(reason: "empty element name") }
            var raw: [(name: [UInt8], value: String)] = []
            var declared: [String: String] = [:]
            while true {
                skipSpace()
                guard index < bytes.count else { throw Problem(reason: "unfinished start tag") }
                if expect("/>") || expect(">") { break }
                let name = readName()
                skipSpace()
                guard !name.isEmpty, expect("=") else { throw Problem(reason: "malformed attribute") }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                    throw Problem(reason: "unquoted attribute")
                }
                let quote = bytes[index]
                index += 1
                let start = index
                while index < bytes.count && bytes[index] != quote {
                    guard bytes[index] != UInt8(ascii: "<") else { throw Problem(reason: "< in an attribute") }
                    index += 1
                }
                guard index < bytes.count else { throw Problem(reason: "unfinished attribute") }
                let value = try decode(bytes[start ..< index])
                index += 1
                let text = String(decoding: name, as: UTF8.self)
                if text == "xmlns" { declared[""] = value }
                else if text.hasPrefix("xmlns:") { declared[String(text.dropFirst(6))] = value }
                else { raw.append((name, value)) }
            }
            let selfClosing = bytes[index - 2] == UInt8(ascii: "/")
            guard !sawElement || !stack.isEmpty else { throw Problem(reason: "a second root element") }
            sawElement = true
            stack.append((qname, declared))
            guard stack.count <= XMLEvents.maxDepth else { throw Problem(reason: "nested too deep") }
            let (namespace, local) = try resolve(qname, isAttribute: false)
            var attributes: [Attribute] = []
            for (name, value) in raw {
                let (attributeNamespace, attributeName) = try resolve(name, isAttribute: true)
                attributes.append(Attribute(namespace: attributeNamespace, name: attributeName, value: value))
            }
            try emit(.start(namespace: namespace, name: local, attributes: attributes))
            if selfClosing {
                stack.removeLast()
                try emit(.end)
            }
        }

        func resolve(_ qname: [UInt8], isAttribute: Bool) throws(Problem) -> (String, String) {
            let text = String(decoding: qname, as: UTF8.self)
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 1 {
                // Unprefixed attributes are in no namespace; elements in the default one.
                return (isAttribute ? "" : lookup("") ?? "", text)
            }
            if parts[0] == "xml" { return ("http://www.w3.org/XML/1998/namespace", parts[1]) }
            guard let namespace = lookup(parts[0]), !parts[1].isEmpty else {
                throw Problem(reason: "undeclared prefix \(parts[0])")
            }
            return (namespace, parts[1])
        }

        func lookup(_ prefix: String) -> String? {
            for scope in stack.reversed() { if let namespace = scope.declared[prefix] { return namespace } }
            return nil
        }

        mutating func emit(_ event: Event) throws(Problem) {
            events.append(event)
            guard events.count <= XMLEvents.maxEvents else { throw Problem(reason: "too many elements") }
        }

        func starts(_ text: String) -> Bool {
            let pattern = Array(text.utf8)
            return index + pattern.count <= bytes.count && bytes[index ..< index + pattern.count].elementsEqual(pattern)
        }

        mutating func expect(_ text: String) -> Bool {
            guard starts(text) else { return false }
            index += text.utf8.count
            return true
        }

        mutating func skip(past end: String) throws(Problem) {
            while index < bytes.count {
                if expect(end) { return }
                index += 1
            }
            throw Problem(reason: "unfinished markup")
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func readName() -> [UInt8] {
            let start = index
            while index < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, 0x2F, 0x3E, 0x3D, 0x3C].contains(bytes[index]) { index += 1 }
            return Array(bytes[start ..< index])
        }

        /// Text with the five XML entities and numeric references decoded.
        func decode(_ slice: ArraySlice<UInt8>) throws(Problem) -> String {
            guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
            var result = ""
            var rest = slice
            while let amp = rest.firstIndex(of: UInt8(ascii: "&")) {
                result += String(decoding: rest[rest.startIndex ..< amp], as: UTF8.self)
                guard let semicolon = rest[amp...].firstIndex(of: UInt8(ascii: ";")), semicolon - amp <= 12 else {
                    throw Problem(reason: "unfinished entity")
                }
                let entity = String(decoding: rest[(amp + 1) ..< semicolon], as: UTF8.self)
                switch entity {
                case "lt": result += "<"
                case "gt": result += ">"
                case "amp": result += "&"
                case "quot": result += "\""
                case "apos": result += "'"
                default:
                    let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                        : entity.hasPrefix("#") ? UInt32(entity.dropFirst(), radix: 10) : nil
                    guard let number, let scalar = Unicode.Scalar(number) else { throw Problem(reason: "unknown entity &\(entity);") }
                    result.unicodeScalars.append(scalar)
                }
                rest = rest[(semicolon + 1)...]
            }
            return result + String(decoding: rest, as: UTF8.self)
        }
    }
}
