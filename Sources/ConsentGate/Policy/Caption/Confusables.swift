/// Unicode's confusable prototypes (UTS #39): a Cyrillic "а" and a Latin "a",
/// a "0" and an "O", "rn" and "m" share one, so a name spelt with look-alike
/// letters compares equal to the name itself.
enum Confusables {
    /// The prototype of each scalar that has one other than itself.
    static let prototypes: [UInt32: [Unicode.Scalar]] = {
        var map: [UInt32: [Unicode.Scalar]] = [:]
        for entry in table.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let sides = entry.split(separator: "=")
            guard sides.count == 2, let source = UInt32(sides[0], radix: 16) else { continue }
            let target = sides[1].split(separator: "+").compactMap { UInt32($0, radix: 16).flatMap(Unicode.Scalar.init) }
            map[source] = target
        }
        return map
    }()

    /// The text with every scalar replaced by its prototype.
    static func skeleton(_ text: some StringProtocol) -> String {
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let prototype = prototypes[scalar.value] { view.append(contentsOf: prototype) } else { view.append(scalar) }
        }
        return String(view)
    }
}
