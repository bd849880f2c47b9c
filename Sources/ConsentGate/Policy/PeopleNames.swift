import Foundation

/// Turns what a person typed or a photo's tags say ("P001", "Amara Okafor")
/// into register ids. An entry matching nobody, or more than one person, is
/// a reason to refuse, never a guess.
enum PeopleNames {
    static func resolve(_ entries: [String], in register: Register) -> (ids: [String], reasons: [Reason]) {
        var ids: [String] = []
        var reasons: [Reason] = []
        var seen: Set<String> = []
        for raw in entries {
            let entry = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !entry.isEmpty, seen.insert(entry).inserted else { continue }
            if let person = register[entry] {
                if !ids.contains(person.id) { ids.append(person.id) }
                continue
            }
            let key = fold(entry)
            let matches = register.people.values.filter { $0.inRegister && fold($0.fullName) == key }.sorted { $0.id < $1.id }
            switch matches.count {
            case 1:
                if !ids.contains(matches[0].id) { ids.append(matches[0].id) }
            case 0:
                // Kept an id only if it looks like one: the text may be a child's name.
                let looksLikeID = !entry.contains(" ")
                if looksLikeID {
                    ids.append(entry)  // the policy reports it as unknown, with the id
                } else {
                    reasons.append(Reason(.personUnknown,
                        "No one called \"\(entry)\" is in the consent register, so there is no consent to publish them."))
                }
            default:
                reasons.append(Reason(.personAmbiguous,
                    "\(matches.count) people in the register are called \"\(entry)\" (\(matches.map(\.id).joined(separator: ", "))). List them by id instead."))
            }
        }
        return (ids, reasons)
    }

    /// Case-, accent- and spacing-insensitive form of a name.
    static func fold(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
