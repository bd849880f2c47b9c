/// What the head teacher needs to act on, and what is fine.
public struct AuditReport: Sendable, Encodable {
    /// A published photo that would not be approved today.
    public struct Takedown: Sendable, Encodable {
        public let ledger: Int
        public let derivative: String
        public let channel: String
        public let publishedOn: String
        /// Each reason, with the person's register id (and their name while the register still has it).
        public let reasons: [Finding]
    }

    /// A published file whose bytes or metadata are no longer what the gate wrote.
    public struct Changed: Sendable, Encodable {
        public let ledger: Int
        public let derivative: String
        public let problem: String
    }

    public struct Finding: Sendable, Encodable {
        public let code: String
        public let person: String?
        public let name: String?
        public let message: String
    }

    /// A downloaded image matched to what the gate published.
    public struct Match: Sendable, Encodable {
        public let file: String
        public let ledger: Int
        public let derivative: String
        /// Bits that differ between the two perceptual hashes (0-64).
        public let distance: Int
        public let mustComeDown: Bool
    }

    /// A photo waiting for a reviewer in held/, and for how long.
    public struct Held: Sendable, Encodable {
        public let ledger: Int
        public let folder: String
        public let channel: String
        public let heldSince: String
        public let days: Int
        public let reasons: [String]
    }

    /// A `changed` ledger entry.
    public struct Change: Sendable, Encodable {
        public let ledger: Int
        public let recordedAt: String
        /// A staff id, or account:<name>.
        public let by: String
        public let via: String
        public let change: String
    }

    public let date: String
    public let ledgerIntact: Bool
    public let ledgerMessage: String
    public let published: Int
    public var takedowns: [Takedown] = []
    public var changed: [Changed] = []
    /// Files in published/ that no ledger entry accounts for.
    public var unknown: [String] = []
    /// With --match: downloaded images and what they matched.
    public var matched: [Match] = []
    public var notFromGate: [String] = []
    /// Photos held for a reviewer, oldest first: not published, so not findings, but waiting.
    public var held: [Held] = []
    /// Changes of staff, roles, register and settings, and who made them: not findings, but for the reviewer to read.
    public var changes: [Change] = []
    /// Published photos with nothing to report.
    public var clean: [String] = []

    public var hasFindings: Bool {
        !ledgerIntact || !takedowns.isEmpty || !changed.isEmpty || !unknown.isEmpty || !notFromGate.isEmpty
            || matched.contains(where: \.mustComeDown)
    }
}
