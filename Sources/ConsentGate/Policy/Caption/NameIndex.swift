/// Every name in the register by its words, so that a caption is read once,
/// whatever its length and however many people the register holds.
struct NameIndex: Sendable {
    enum Part: Sendable { case given, family, full }

    private var parts: [String: [(id: String, part: Part)]] = [:]
    /// The most words any name has: how far ahead of each word to look.
    private var longest = 0

    init(_ people: some Sequence<Person>) {
        for person in people {
            add(person.givenName, person.id, .given)
            add(person.familyName, person.id, .family)
            // Each word of a name of several ("Mary Jane", "Okafor-Smith")
            // names the person too, but not particles such as "de" or "van".
            for (name, part) in [(person.givenName, Part.given), (person.familyName, .family)] {
                let words = CaptionText.words(CaptionText.normalized(name))
                guard words.count > 1 else { continue }
                for word in words where word.count > 2 && !Self.particles.contains(word) { add(word, person.id, part) }
            }
            if !person.givenName.isEmpty && !person.familyName.isEmpty { add(person.fullName, person.id, .full) }
        }
    }

    static let particles: Set<String> = ["de", "da", "di", "del", "della", "der", "den", "des", "du", "la", "le", "van", "von",
                                         "ter", "ten", "bin", "ibn", "al", "el", "st", "mac", "mc", "dos", "das"]

    /// A name is found with its words apart or run together: "Amara Okafor",
    /// "Amara-Okafor", "#AmaraOkafor" and "#amaraokafor" all name her.
    private mutating func add(_ name: String, _ id: String, _ part: Part) {
        let words = CaptionText.words(CaptionText.normalized(name))
        guard !words.isEmpty else { return }
        longest = max(longest, words.count)
        for key in Set([words.joined(separator: " "), words.joined()]) {
            parts[key, default: []].append((id, part))
        }
    }

    /// For each person named in these words, every part of their name found.
    func find(in words: [String]) -> [String: Set<Part>] {
        var found: [String: Set<Part>] = [:]
        for start in words.indices {
            var spaced = "", joined = ""
            for end in start ..< min(start + longest, words.count) {
                spaced += (end == start ? "" : " ") + words[end]
                joined += words[end]
                for key in end == start ? [spaced] : [spaced, joined] {
                    for (id, part) in parts[key] ?? [] { found[id, default: []].insert(part) }
                }
            }
        }
        return found
    }
}
