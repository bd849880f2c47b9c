/// One row of the consent register: a pupil, a member of staff or anyone
/// else connected with the school who may appear in a photo.
public struct Person: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case pupil, staff, other }

    /// How a person may be named in a caption.
    public enum Naming: String, Sendable, Codable, CaseIterable, Comparable {
        case none, first, full

        public static func < (a: Naming, b: Naming) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public enum ConsentStatus: String, Sendable, Codable, CaseIterable {
        case given, declined
        /// The form was not returned: counts as no.
        case notReturned = "not-returned"
    }

    /// Consent for one channel.
    public struct ChannelConsent: Sendable, Equatable, Codable {
        public var status: ConsentStatus
        /// A withdrawal for this channel alone, recorded with `register withdraw`.
        public var withdrawnOn: Day?

        public init(status: ConsentStatus, withdrawnOn: Day? = nil) {
            self.status = status
            self.withdrawnOn = withdrawnOn
        }
    }

    public var id: String
    public var givenName: String
    public var familyName: String
    public var kind: Kind
    public var naming: Naming
    /// Channel name (facebook, website, ...) to consent. A missing channel means not returned.
    public var consents: [String: ChannelConsent]
    public var validFrom: Day?
    public var validUntil: Day?
    /// A withdrawal of all consent, from the register file.
    public var withdrawnOn: Day?
    /// Safeguarding override: never published, whatever the consent.
    public var doNotPublish: Bool
    public var restrictions: String
    public var recordedBy: String
    public var recordedOn: Day?
    public var source: String
    /// False once a newer register file no longer lists the person.
    public var inRegister: Bool

    public init(id: String, givenName: String, familyName: String, kind: Kind = .pupil, naming: Naming = .none,
                consents: [String: ChannelConsent] = [:], validFrom: Day? = nil, validUntil: Day? = nil,
                withdrawnOn: Day? = nil, doNotPublish: Bool = false, restrictions: String = "",
                recordedBy: String = "", recordedOn: Day? = nil, source: String = "", inRegister: Bool = true) {
        self.id = id
        self.givenName = givenName
        self.familyName = familyName
        self.kind = kind
        self.naming = naming
        self.consents = consents
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.withdrawnOn = withdrawnOn
        self.doNotPublish = doNotPublish
        self.restrictions = restrictions
        self.recordedBy = recordedBy
        self.recordedOn = recordedOn
        self.source = source
        self.inRegister = inRegister
    }

    public var fullName: String { [givenName, familyName].filter { !$0.isEmpty }.joined(separator: " ") }

    public func consent(for channel: String) -> ChannelConsent {
        consents[channel] ?? ChannelConsent(status: .notReturned)
    }

    /// The first day from which consent for `channel` no longer counts.
    public func withdrawal(for channel: String) -> Day? {
        [withdrawnOn, consent(for: channel).withdrawnOn].compactMap { $0 }.min()
    }
}

/// The whole register, by id.
public struct Register: Sendable {
    public let people: [String: Person]
    /// Everyone's names by their words, for reading captions: built once,
    /// since an audit reads every published caption against it.
    let names: NameIndex
    /// Ids without case: "p104" is P104. More than one id per key only in a
    /// register imported before ids were compared that way.
    let idsByKey: [String: [String]]

    public init(_ people: [Person] = []) {
        self.people = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        names = NameIndex(self.people.values)
        idsByKey = Dictionary(grouping: self.people.keys.sorted(), by: Self.idKey)
    }

    /// The person with this id, in any case; nil if no one has it, or if it
    /// could mean two people (see `lookup` to tell which).
    public subscript(id: String) -> Person? {
        guard let ids = idsByKey[Self.idKey(id)], ids.count == 1 else { return nil }
        return people[ids[0]]
    }

    /// How ids are compared: without case or surrounding spaces.
    public static func idKey(_ id: String) -> String {
        id.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
