/// A member of staff the gate knows: a designated publicity person (one
/// channel or more), an admin, a reviewer, or several of these.
public struct StaffMember: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// The OS account whose files and commands are theirs: what they cannot simply type.
    public var account: String
    /// Where they may publish: empty for someone who never posts.
    public var channels: [String]
    public var roles: [Role]
    public var validFrom: Day?
    public var validUntil: Day?

    public init(id: String, name: String, account: String, channels: [String], roles: [Role] = [],
                validFrom: Day? = nil, validUntil: Day? = nil) {
        self.id = id
        self.name = name
        self.account = account
        self.channels = channels
        self.roles = roles
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Whether their designation covers `day` (roles and channels alike).
    public func isCurrent(on day: Day) -> Bool {
        (validFrom.map { day >= $0 } ?? true) && (validUntil.map { day <= $0 } ?? true)
    }
}

/// What a member of staff may do beyond publishing to their channels.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Staff, roles and the register: who may do what, and with whose consent.
    case admin
    /// The head teacher or designated safeguarding lead: the audit, the ledger, the review queue.
    case reviewer

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}
