import Foundation

/// What a caption must not say: names beyond each person's naming rule, and
/// contact details (email addresses, UK phone numbers, postcodes).
enum CaptionCheck {
    static func reasons(_ caption: String, pictured: [Person], register: Register) -> [Reason] {
        guard !caption.isEmpty else { return [] }
        let words = Words(caption)
        var reasons: [Reason] = []
        let picturedIDs = Set(pictured.map(\.id))
        for person in pictured {
            if let named = words.naming(person), named > person.naming {
                reasons.append(Reason(.captionNamesPerson, person: person.id, message(person, named)))
            }
        }
        // Anyone else: only a full name counts, since a first name alone
        // ("Will", "Grace") is too often an ordinary word.
        for person in register.people.values.sorted(by: { $0.id < $1.id })
        where !picturedIDs.contains(person.id) && person.naming < .full && words.containsFullName(person) {
            reasons.append(Reason(.captionNamesPerson, person: person.id, message(person, .full)))
        }
        for (kind, found) in ContactDetails.find(in: caption) {
            reasons.append(Reason(.captionContactDetails,
                "The caption contains \(kind) (\(found)). Captions must not give contact details."))
        }
        return reasons
    }

    static func message(_ person: Person, _ named: Person.Naming) -> String {
        let allowed = switch person.naming {
        case .none: "may not be named at all"
        case .first: "may be named by first name only"
        case .full: "may be named in full"
        }
        let how = named == .full ? "by their full name" : "by name"
        return "The caption names \(person.fullName) (\(person.id)) \(how), but they \(allowed)."
    }
}

/// A caption as whole words, compared without regard to case or accents.
struct Words {
    let tokens: [String]

    init(_ text: String) {
        tokens = Self.tokenize(text)
    }

    static func tokenize(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return folded.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "’" || $0 == "-") })
            .map { token in
                var word = String(token).replacingOccurrences(of: "’", with: "'")
                if word.hasSuffix("'s") { word.removeLast(2) }
                return word.trimmingCharacters(in: CharacterSet(charactersIn: "'-"))
            }
            .filter { !$0.isEmpty }
    }

    func contains(_ phrase: String) -> Bool {
        let wanted = Self.tokenize(phrase)
        guard !wanted.isEmpty, wanted.count <= tokens.count else { return false }
        return (0 ... tokens.count - wanted.count).contains { start in
            tokens[start ..< start + wanted.count].elementsEqual(wanted)
        }
    }

    /// How far the caption names this person: not at all, by a first name, or in full
    /// (a family name alone identifies a child as much as a full name does).
    func naming(_ person: Person) -> Person.Naming? {
        if containsFullName(person) || (!person.familyName.isEmpty && contains(person.familyName)) { return .full }
        if !person.givenName.isEmpty && contains(person.givenName) { return .first }
        return nil
    }

    func containsFullName(_ person: Person) -> Bool {
        !person.givenName.isEmpty && !person.familyName.isEmpty && contains(person.fullName)
    }
}

enum ContactDetails {
    /// Each kind of contact detail found, with the text that matched.
    static func find(in text: String) -> [(String, String)] {
        var found: [(String, String)] = []
        if let match = text.firstMatch(of: email) { found.append(("an email address", String(match.output.0))) }
        if let phone = phoneNumber(in: text) { found.append(("a phone number", phone)) }
        if let match = text.firstMatch(of: postcode) { found.append(("a postcode", String(match.output.0))) }
        return found
    }

    nonisolated(unsafe) static let email = #/[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}/#

    /// UK postcodes, any case, with or without the space.
    nonisolated(unsafe) static let postcode = #/(?i)\b(GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})\b/#

    /// A UK number written with any spaces, dashes or brackets: starting at
    /// a group that begins with 0 (or +44), whole groups adding up to 0 and
    /// 9-10 more digits (or +44 and 10 digits).
    static func phoneNumber(in text: String) -> String? {
        for match in text.matches(of: #/[+(]?[0-9][0-9 ()\-]*[0-9]/#) {
            let groups = match.output.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
            for start in groups.indices {
                let first = groups[start].filter { $0 != "(" && $0 != ")" }
                let wanted: ClosedRange<Int>
                if first.hasPrefix("+44") { wanted = 12...12 }
                else if first.hasPrefix("0") { wanted = 10...11 }
                else { continue }
                var digits = 0
                for end in start ..< groups.count {
                    digits += groups[end].filter(\.isNumber).count
                    if wanted.contains(digits) { return groups[start ... end].joined(separator: " ") }
                    if digits > wanted.upperBound { break }
                }
            }
        }
        return nil
    }
}
