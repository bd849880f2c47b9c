import Foundation
import GRDB

/// What an import did, for the person who ran it.
public struct ImportSummary: Sendable {
    public var file: String
    public var rows: Int
    public var added: [String] = []
    /// Person id to the fields that changed.
    public var changed: [String: [String]] = [:]
    /// No longer in the school's export: treated as unknown from now on.
    public var removed: [String] = []
    public var unchanged = 0
    /// The channels the file has a consent column for.
    public var channelsInFile: Set<String> = []
    /// Withdrawals recorded with `register withdraw` that this file does not
    /// show but that stay, because the file has no newer consent form.
    public var keptWithdrawals: [(id: String, channel: String)] = []
    public var changeCount: Int { added.count + changed.count + removed.count }
}

public enum Withdrawal: Sendable, Equatable {
    case recorded
    /// An earlier (or the same) withdrawal for that channel is already recorded.
    case alreadyWithdrawn(Day)
}

extension Store {
    public func register() throws(StoreError) -> Register {
        try read(Self.loadRegister)
    }

    static func loadRegister(_ db: Database) throws -> Register {
        let consents = Dictionary(grouping: try ConsentRow.fetchAll(db), by: \.personId)
        return Register(try PersonRow.fetchAll(db).map { $0.person(consents: consents[$0.id] ?? []) })
    }

    /// Applies a validated register file in one transaction, recording every
    /// changed field. Importing the same file twice changes nothing.
    public func importRegister(_ people: [Person], file: String, digest: String, by account: String,
                               at now: Date = Date()) throws(StoreError) -> ImportSummary {
        try write { db in
            let existing = try Self.loadRegister(db)
            let source = "import of \(file) (sha256 \(digest.prefix(12))) by \(account)"
            let time = Self.timestamp(now)
            var summary = ImportSummary(file: file, rows: people.count)
            summary.channelsInFile = Set(people.flatMap(\.consents.keys))
            var listed: Set<String> = []
            for var person in people {
                // An id keeps the spelling it was first imported with: p104 updates P104.
                let before = existing.people[person.id] ?? existing[person.id]
                if let before { person.id = before.id }
                listed.insert(person.id)
                // Local withdrawals survive an export that does not show them,
                // unless the export holds a consent form signed after them.
                for (channel, consent) in before?.consents ?? [:] {
                    guard let withdrawn = consent.withdrawnOn else { continue }
                    if let signed = person.recordedOn, signed > withdrawn { continue }
                    person.consents[channel, default: .init(status: .notReturned)].withdrawnOn = withdrawn
                    summary.keptWithdrawals.append((person.id, channel))
                }
                let changes = Self.diff(before?.fields, person.fields)
                if changes.isEmpty { summary.unchanged += 1; continue }
                if before == nil { summary.added.append(person.id) } else { summary.changed[person.id] = changes.map(\.field) }
                try Self.save(person, db)
                try Self.record(changes, for: person.id, at: time, source: source, db)
            }
            for var person in existing.people.values where person.inRegister && !listed.contains(person.id) {
                let before = person.fields
                person.inRegister = false
                try Self.save(person, db)
                try Self.record(Self.diff(before, person.fields), for: person.id, at: time, source: source, db)
                summary.removed.append(person.id)
            }
            summary.added.sort()
            summary.removed.sort()
            try db.execute(sql: """
                INSERT INTO register_import (file, sha256, imported_at, imported_by, rows, changes) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [file, digest, time, account, people.count, summary.changeCount])
            if summary.changeCount > 0 { try Self.recordChange("\(people.count) rows, \(summary.added.count) added, \(summary.changed.count) changed, "
                                  + "\(summary.removed.count) removed", via: "register import", by: account, digest: digest, at: now, db) }
            return summary
        }
    }

    /// Records that consent for one channel no longer counts from `day`.
    public func withdraw(_ id: String, channel: String, on day: Day, by account: String,
                         at now: Date = Date()) throws(StoreError) -> Withdrawal {
        try write { db in
            let lookup = try Self.loadRegister(db).lookup(id)
            guard case .found(var person) = lookup else { throw StoreError(lookup.explanation(for: id)) }
            if let existing = person.consent(for: channel).withdrawnOn, existing <= day {
                return .alreadyWithdrawn(existing)
            }
            let before = person.fields
            person.consents[channel, default: .init(status: .notReturned)].withdrawnOn = day
            try Self.save(person, db)
            try Self.record(Self.diff(before, person.fields), for: person.id, at: Self.timestamp(now),
                            source: "register withdraw by \(account)", db)
            try Self.recordChange("consent of \(person.id) for \(channel) withdrawn from \(day)", via: "register withdraw", by: account,
                                  people: [person.id], channel: channel, digest: person.rowDigest, at: now, db)
            return .recorded
        }
    }

    public func history(of id: String) throws(StoreError) -> [FieldChange] {
        try read { db in
            try ChangeRow.fetchAll(db, sql: """
                SELECT field, old_value, new_value, changed_at, source FROM register_change WHERE person_id = ? ORDER BY id
                """, arguments: [id]).map(\.change)
        }
    }

    static func save(_ person: Person, _ db: Database) throws {
        try PersonRow(person).save(db)
        try ConsentRow.filter(Column("person_id") == person.id).deleteAll(db)
        for (channel, consent) in person.consents {
            try ConsentRow(personId: person.id, channel: channel, status: consent.status.rawValue,
                           withdrawnOn: consent.withdrawnOn).insert(db)
        }
    }

    static func record(_ changes: [FieldChange], for id: String, at time: String, source: String, _ db: Database) throws {
        for change in changes {
            try db.execute(sql: """
                INSERT INTO register_change (person_id, field, old_value, new_value, changed_at, source) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, change.field, change.oldValue, change.newValue, time, source])
        }
    }

    static func diff(_ before: [String: String]?, _ after: [String: String]) -> [FieldChange] {
        let before = before ?? [:]
        return Set(before.keys).union(after.keys).sorted().compactMap { field in
            before[field] == after[field] ? nil
                : FieldChange(field: field, oldValue: before[field], newValue: after[field], changedAt: "", source: "")
        }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

extension Person {
    /// Every field as text, named as in the register file; absent means empty.
    var fields: [String: String] {
        var fields: [String: String] = [
            "given_name": givenName, "family_name": familyName, "kind": kind.rawValue, "naming": naming.rawValue,
            "do_not_publish": doNotPublish ? "yes" : "no", "restrictions": restrictions, "recorded_by": recordedBy,
            "source": source, "in_register": inRegister ? "yes" : "no",
        ]
        fields["valid_from"] = validFrom?.description
        fields["valid_until"] = validUntil?.description
        fields["withdrawn_on"] = withdrawnOn?.description
        fields["recorded_on"] = recordedOn?.description
        for (channel, consent) in consents {
            fields["consent_\(channel)"] = consent.status.rawValue
            fields["withdrawn_on[\(channel)]"] = consent.withdrawnOn?.description
        }
        return fields.filter { !$0.value.isEmpty }
    }
}
