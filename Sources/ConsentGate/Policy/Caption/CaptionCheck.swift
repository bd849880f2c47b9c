/// What a caption must not say: names beyond each person's naming rule, and
/// contact details. Read as it looks (see `CaptionText`), in one pass, so
/// that no caption can hold up the gate or an audit.
enum CaptionCheck {
    /// Facebook's own limit for a post's text, in characters.
    static let longest = 63_206

    static func reasons(_ caption: String, pictured: [Person], register: Register) -> [Reason] {
        guard !caption.isEmpty else { return [] }
        var reasons: [Reason] = []
        let length = caption.count
        if length > longest {
            reasons.append(Reason(.captionTooLong,
                "The caption is \(length) characters long; the most a caption may have is \(longest). Shorten it."))
        }
        let text = CaptionText.normalized(caption)
        let named = register.names.find(in: CaptionText.words(text))
        let picturedIDs = Set(pictured.map(\.id))
        for person in pictured {
            guard let parts = named[person.id] else { continue }
            // A family name alone identifies a child as much as a full name does.
            let naming: Person.Naming = parts.contains(.full) || parts.contains(.family) ? .full : .first
            if naming > person.naming {
                reasons.append(Reason(.captionNamesPerson, person: person.id, message(person, naming)))
            }
        }
        // Anyone else: only a full name counts, since a first name alone
        // ("Will", "Grace") is too often an ordinary word.
        for person in register.people.values.sorted(by: { $0.id < $1.id })
        where !picturedIDs.contains(person.id) && person.naming < .full && named[person.id]?.contains(.full) == true {
            reasons.append(Reason(.captionNamesPerson, person: person.id, message(person, .full)))
        }
        for found in ContactDetails.find(in: text) {
            reasons.append(Reason(.captionContactDetails,
                "The caption contains \(found.kind.description) (\(found.text)). Captions must not give contact details."))
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
