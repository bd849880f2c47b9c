import Foundation

/// A person as staff type them: a register id in any case, or a full name
/// in any case, accents or spacing. Never a guess: a first name alone, or a
/// name two people share, is answered with the candidates.
extension Register {
    public enum Lookup: Equatable, Sendable {
        case found(Person)
        /// Everyone the entry could mean.
        case ambiguous([Person])
        /// No one; perhaps one of these was meant.
        case unknown(suggestions: [Person])
    }

    public func lookup(_ entry: String) -> Lookup {
        let entry = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        if let ids = idsByKey[Self.idKey(entry)] {
            return ids.count == 1 ? .found(people[ids[0]]!) : .ambiguous(ids.compactMap { people[$0] })
        }
        let current = people.values.filter(\.inRegister).sorted { $0.id < $1.id }
        let key = Self.nameKey(entry)
        let named = current.filter { Self.nameKey($0.fullName) == key }
        if named.count == 1 { return .found(named[0]) }
        if named.count > 1 { return .ambiguous(named) }
        // One word that is someone's first or family name: who was meant?
        if !key.contains(" ") {
            let partly = current.filter { Self.nameKey($0.givenName) == key || Self.nameKey($0.familyName) == key }
            if partly.count > 1 { return .ambiguous(partly) }
            if partly.count == 1 { return .unknown(suggestions: partly) }
        }
        return .unknown(suggestions: Array(current.filter { close(entry, to: $0) }.prefix(5)))
    }

    /// Case-, accent- and spacing-insensitive form of a name.
    public static func nameKey(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A typo away from the person's id or full name: at most one edit for
    /// an id, two for a name.
    private func close(_ entry: String, to person: Person) -> Bool {
        Self.withinEdits(Self.idKey(entry), Self.idKey(person.id), 1)
            || Self.withinEdits(Self.nameKey(entry), Self.nameKey(person.fullName), 2)
    }

    /// Whether two texts are at most `limit` insertions, deletions or
    /// substitutions apart (Levenshtein, over characters).
    static func withinEdits(_ a: String, _ b: String, _ limit: Int) -> Bool {
        let a = Array(a), b = Array(b)
        guard abs(a.count - b.count) <= limit, a.count <= 200, b.count <= 200 else { return false }
        var previous = Array(0 ... b.count)
        for i in 1 ... max(a.count, 1) where !a.isEmpty {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1 ... max(b.count, 1) where !b.isEmpty {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count] <= limit
    }
}

extension Register.Lookup {
    /// A sentence for staff: the candidates, or what might have been meant.
    public func explanation(for entry: String) -> String {
        func list(_ people: [Person]) -> String {
            people.map { "\($0.fullName) (\($0.id))" }.joined(separator: ", ")
        }
        switch self {
        case .found(let person):
            return "\"\(entry)\" is \(list([person]))."
        case .ambiguous(let people):
            return "\"\(entry)\" could be \(people.count) people: \(list(people)). Give the id of the one you mean."
        case .unknown(let suggestions) where suggestions.isEmpty:
            return "No one in the register has the id or full name \"\(entry)\"."
        case .unknown(let suggestions):
            return "No one in the register has the id or full name \"\(entry)\". Did you mean \(list(suggestions))?"
        }
    }
}
