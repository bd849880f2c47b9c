/// A caption as words and the punctuation between them, for the contact
/// detail scanners: one pass, and each item knows where it came from so
/// that a finding can be quoted.
struct CaptionLexer {
    enum Kind: Equatable { case word, at, dot, slash, colon, other }

    struct Item {
        let kind: Kind
        /// Lower-cased, for words.
        let text: String
        /// Whether the first letter was a capital.
        let capitalised: Bool
        let isNumber: Bool
        /// Whitespace came straight before it.
        let spaced: Bool
        let range: Range<Int>
    }

    let scalars: [Unicode.Scalar]
    private(set) var items: [Item] = []

    init(_ normalized: String) {
        scalars = Array(normalized.unicodeScalars)
        var index = 0
        var spaced = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == " " {
                spaced = true
                index += 1
                continue
            }
            let start = index
            let kind: Kind
            if Self.isWordPart(scalar) {
                while index < scalars.count, Self.isWordPart(scalars[index]) { index += 1 }
                kind = .word
            } else {
                index += 1
                kind = switch scalar {
                case "@": .at
                case ".": .dot
                case "/": .slash
                case ":": .colon
                default: .other
                }
            }
            let word = String(String.UnicodeScalarView(scalars[start ..< index]))
            items.append(Item(kind: kind, text: kind == .word ? word.lowercased() : word,
                              capitalised: kind == .word && scalars[start].properties.isUppercase,
                              isNumber: kind == .word && scalars[start].properties.numericType != nil,
                              spaced: spaced, range: start ..< index))
            spaced = false
        }
    }

    /// Letters, digits and what an email's local part or a domain may hold
    /// between them.
    static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || "_%+-'".unicodeScalars.contains(scalar)
            || [.nonspacingMark, .spacingMark].contains(properties.generalCategory)
    }

    /// The last item before the next whitespace: where a link ends.
    func lastBeforeSpace(from index: Int) -> Int {
        var last = index
        while last + 1 < items.count, !items[last + 1].spaced { last += 1 }
        return last
    }

    /// The text from one item to another, as written.
    func quote(_ first: Int, through last: Int) -> String {
        String(String.UnicodeScalarView(scalars[items[first].range.lowerBound ..< items[last].range.upperBound]))
    }
}
