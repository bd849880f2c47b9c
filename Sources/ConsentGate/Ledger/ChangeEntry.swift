import Foundation
import GRDB

/// Changes of who may do what join the same chain as the photos' decisions:
/// a reviewer can see who designated whom, who imported which register and
/// who withdrew which consent, and nobody can drop a change unseen.
extension Store {
    /// Appends a `changed` entry inside the change's own transaction.
    /// `change` holds ids, channels and hashes only, never a name.
    static func recordChange(_ change: String, via: String, by account: String?, people: [String] = [],
                             channel: String = "", digest: String, at now: Date, _ db: Database) throws {
        // Who: their staff id, else their account; nil when the gate cannot know.
        let actor = try account.map { try StaffRow.filter(Column("account") == $0).fetchOne(db)?.id ?? "account:\($0)" } ?? "unknown"
        try append(LedgerEntry(
            seq: 0, recordedAt: timestamp(now), poster: actor, via: via, channel: channel, people: people,
            registerRows: [:], configVersion: "", originalSHA256: digest, derivativeSHA256: nil,
            derivativePath: nil, perceptualHash: nil, decision: .changed, reasons: [],
            submissionKey: "", previousHash: "", hash: "", change: change), db)
    }

    /// Records the configuration in force when it differs from the last one
    /// recorded. Settings are a file edited on disk (by the service's
    /// account or root, as StrictModes requires), so the change is seen
    /// when the service next reads it, and who made it is not known.
    @discardableResult
    public func recordSettings(version: String, at now: Date = Date()) throws(StoreError) -> Bool {
        try write { db in
            let last = try String.fetchOne(db, sql: """
                SELECT original_sha256 FROM ledger WHERE decision = 'changed' AND via = 'settings' ORDER BY seq DESC LIMIT 1
                """)
            guard last != version else { return false }
            try Self.recordChange("now \(version == "built-in" ? "built-in" : "sha256 " + version.prefix(12)) (edited on disk)",
                                  via: "settings", by: nil, digest: version, at: now, db)
            return true
        }
    }

    /// Every change of staff, register or settings, oldest first.
    public func changes() throws(StoreError) -> [LedgerEntry] {
        try ledger().filter { $0.decision == .changed }
    }
}
