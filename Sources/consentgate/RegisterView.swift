import ConsentGate
import Foundation

/// The register as a teacher reads it: consent per channel as of one day.
struct RegisterView {
    let register: Register
    let channels: [String]
    let date: Day

    struct Entry: Encodable {
        let id: String
        let givenName: String
        let familyName: String
        let kind: String
        let naming: String
        let doNotPublish: Bool
        let inRegister: Bool
        let restrictions: String
        /// Channel to "yes", "declined", "not returned", "withdrawn", "expired", "not yet valid", "do not publish".
        let consent: [String: String]
    }

    var people: [Person] { register.people.values.sorted { $0.id < $1.id } }

    var entries: [Entry] {
        people.map { person in
            Entry(id: person.id, givenName: person.givenName, familyName: person.familyName, kind: person.kind.rawValue,
                  naming: person.naming.rawValue, doNotPublish: person.doNotPublish, inRegister: person.inRegister,
                  restrictions: person.restrictions,
                  consent: Dictionary(uniqueKeysWithValues: channels.map { ($0, state(person, $0)) }))
        }
    }

    /// What the gate would say today about publishing this person to this channel, in a word or two.
    func state(_ person: Person, _ channel: String) -> String {
        let context = PolicyContext(staff: [], register: register, date: date, channels: Set(channels))
        let reasons = Policy.person(person.id, channel, context).map(\.code)
        if reasons.contains(.personDoNotPublish) { return "DO NOT PUBLISH" }
        if reasons.contains(.personUnknown) { return "not in register" }
        switch person.consent(for: channel).status {
        case .declined: return "declined"
        case .notReturned: return "not returned"
        case .given: break
        }
        if reasons.contains(.personConsentWithdrawn) { return "withdrawn" }
        if reasons.contains(.personConsentExpired) { return "expired" }
        if reasons.contains(.personConsentNotYetValid) { return "not yet valid" }
        return "yes"
    }

    var table: String {
        let header = ["ID", "NAME", "KIND", "NAMING"] + channels.map { $0.uppercased() } + ["NOTES"]
        let rows = people.map { person in
            [person.id, person.fullName, person.kind.rawValue, person.naming.rawValue]
                + channels.map { state(person, $0) }
                + [person.restrictions]
        }
        return Table.render(header, rows) + "\n\n\(people.count) people; consent as of \(date.spelled)."
    }

    func details(_ person: Person, history: [FieldChange]) -> String {
        var lines = [
            "\(person.fullName) (\(person.id)), \(person.kind.rawValue)",
            "  may be named in captions: \(person.naming == .none ? "no" : person.naming == .first ? "first name only" : "in full")",
        ]
        if person.doNotPublish { lines.append("  DO NOT PUBLISH (safeguarding)") }
        if !person.inRegister { lines.append("  no longer in the school's register export") }
        if person.validFrom != nil || person.validUntil != nil {
            lines.append("  consent valid \(person.validFrom?.spelled ?? "from the start") to \(person.validUntil?.spelled ?? "no end date")")
        }
        if let withdrawn = person.withdrawnOn { lines.append("  all consent withdrawn from \(withdrawn.spelled)") }
        for channel in channels {
            var line = "  \(channel): \(state(person, channel))"
            if let local = person.consent(for: channel).withdrawnOn { line += " (withdrawn from \(local.spelled))" }
            lines.append(line)
        }
        if !person.restrictions.isEmpty { lines.append("  restrictions: \(person.restrictions)") }
        if !person.recordedBy.isEmpty || person.recordedOn != nil || !person.source.isEmpty {
            lines.append("  recorded by \(person.recordedBy.isEmpty ? "?" : person.recordedBy) on \(person.recordedOn?.spelled ?? "?") (\(person.source.isEmpty ? "no source" : person.source))")
        }
        lines.append("")
        lines.append("History:")
        lines += history.map { "  \($0.changedAt)  \($0.field): \($0.oldValue ?? "(empty)") -> \($0.newValue ?? "(empty)")  [\($0.source)]" }
        if history.isEmpty { lines.append("  (none)") }
        // One line per field: a line break inside a field is shown, not obeyed.
        return lines.map(\.forTerminal).joined(separator: "\n")
    }
}

enum RegisterReport {
    static func summary(_ summary: ImportSummary) -> String {
        var lines = ["Imported \(summary.file): \(summary.rows) people; \(summary.added.count) added, \(summary.changed.count) changed, \(summary.removed.count) no longer listed, \(summary.unchanged) unchanged."]
        if !summary.added.isEmpty { lines.append("  added: " + summary.added.joined(separator: ", ")) }
        for (id, fields) in summary.changed.sorted(by: { $0.key < $1.key }) {
            lines.append("  changed: \(id) (\(fields.joined(separator: ", ")))")
        }
        if !summary.removed.isEmpty {
            lines.append("  no longer in the export, treated as unknown from now on: " + summary.removed.joined(separator: ", "))
        }
        for (id, channel) in summary.keptWithdrawals {
            lines.append("  kept: the withdrawal of \(id) for \(channel) (this file has no newer consent form)")
        }
        return lines.map(\.forTerminal).joined(separator: "\n")
    }
}
