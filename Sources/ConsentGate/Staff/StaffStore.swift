import Foundation
import GRDB

extension Store {
    public func staff() throws(StoreError) -> [StaffMember] {
        try read { db in try StaffRow.order(Column("id")).fetchAll(db).map(\.member) }
    }

    /// Adds a designated person, or updates one with the same id; every
    /// changed field is recorded with who changed it.
    @discardableResult
    public func addStaff(_ member: StaffMember, by account: String, at now: Date = Date()) throws(StoreError) -> [FieldChange] {
        try write { db in
            if let other = try StaffRow.filter(Column("account") == member.account && Column("id") != member.id).fetchOne(db) {
                throw StoreError("The account \(member.account) already belongs to \(other.id).")
            }
            let before = try StaffRow.fetchOne(db, key: member.id)?.member
            let changes = Self.diff(before.map(Self.fields), Self.fields(member))
            guard !changes.isEmpty else { return [] }
            try StaffRow(member).save(db)
            let time = Self.timestamp(now)
            for change in changes {
                try db.execute(sql: """
                    INSERT INTO staff_change (staff_id, field, old_value, new_value, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [member.id, change.field, change.oldValue, change.newValue, time, account])
            }
            // Names and account names (often a person's name) stay out of the
            // append-only chain: it says they changed; staff_change says to what.
            let described = changes.map { change in
                ["name", "account"].contains(change.field) ? "\(change.field) \(change.oldValue == nil ? "set" : "changed")"
                    : "\(change.field) \(change.oldValue ?? "-") -> \(change.newValue ?? "-")"
            }
            try Self.recordChange(member.id + ": " + described.joined(separator: "; "),
                                  via: "staff add", by: account, channel: member.channels.joined(separator: ","),
                                  digest: Digest.sha256(Array(Self.fields(member).sorted { $0.key < $1.key }
                                      .map { "\($0.key)=\($0.value)" }.joined(separator: "\n").utf8)), at: now, db)
            return changes
        }
    }

    public func staffHistory(of id: String) throws(StoreError) -> [FieldChange] {
        try read { db in
            try ChangeRow.fetchAll(db, sql: """
                SELECT field, old_value, new_value, changed_at, changed_by AS source FROM staff_change WHERE staff_id = ? ORDER BY id
                """, arguments: [id]).map(\.change)
        }
    }

    static func fields(_ member: StaffMember) -> [String: String] {
        var fields = ["name": member.name, "account": member.account, "channels": member.channels.joined(separator: ","),
                      "roles": member.roles.map(\.rawValue).joined(separator: ",")]
        fields["valid_from"] = member.validFrom?.description
        fields["valid_until"] = member.validUntil?.description
        return fields.filter { !$0.value.isEmpty }
    }
}
