/// Turns what a person typed or a photo's tags say ("P001", "p001", "Amara
/// Okafor") into register ids. An entry matching nobody, or more than one
/// person, is a reason to refuse, never a guess.
enum PeopleNames {
    static func resolve(_ entries: [String], in register: Register) -> (ids: [String], reasons: [Reason]) {
        var ids: [String] = []
        var reasons: [Reason] = []
        var seen: Set<String> = []
        for raw in entries {
            let entry = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !entry.isEmpty, seen.insert(entry).inserted else { continue }
            let lookup = register.lookup(entry)
            switch lookup {
            case .found(let person):
                if !ids.contains(person.id) { ids.append(person.id) }
            case .ambiguous:
                reasons.append(Reason(.personAmbiguous, lookup.explanation(for: entry)))
            case .unknown where !entry.contains(" "):
                // Kept as an id: the policy reports it as unknown, by that id.
                ids.append(entry)
            case .unknown:
                // Not recorded as an id: the text may be a child's name.
                reasons.append(Reason(.personUnknown,
                    "No one called \"\(entry)\" is in the consent register, so there is no consent to publish them."))
            }
        }
        return (ids, reasons)
    }
}
