/// A designated publicity person: the only people who may publish.
public struct StaffMember: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// The OS account whose files and commands are theirs: what they cannot simply type.
    public var account: String
    public var channels: [String]
    public var validFrom: Day?
    public var validUntil: Day?

    public init(id: String, name: String, account: String, channels: [String], validFrom: Day? = nil, validUntil: Day? = nil) {
        self.id = id
        self.name = name
        self.account = account
        self.channels = channels
        self.validFrom = validFrom
        self.validUntil = validUntil
    }
}
