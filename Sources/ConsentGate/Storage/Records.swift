import GRDB

// Rows as stored. The domain types (Person, StaffMember) stay free of GRDB.

struct PersonRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "person"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var givenName: String
    var familyName: String
    var kind: String
    var naming: String
    var validFrom: Day?
    var validUntil: Day?
    var withdrawnOn: Day?
    var doNotPublish: Bool
    var restrictions: String
    var recordedBy: String
    var recordedOn: Day?
    var source: String
    var inRegister: Bool

    init(_ person: Person) {
        id = person.id
        givenName = person.givenName
        familyName = person.familyName
        kind = person.kind.rawValue
        naming = person.naming.rawValue
        validFrom = person.validFrom
        validUntil = person.validUntil
        withdrawnOn = person.withdrawnOn
        doNotPublish = person.doNotPublish
        restrictions = person.restrictions
        recordedBy = person.recordedBy
        recordedOn = person.recordedOn
        source = person.source
        inRegister = person.inRegister
    }

    func person(consents: [ConsentRow]) -> Person {
        Person(id: id, givenName: givenName, familyName: familyName,
               kind: Person.Kind(rawValue: kind) ?? .pupil, naming: Person.Naming(rawValue: naming) ?? .none,
               consents: Dictionary(consents.map { ($0.channel, Person.ChannelConsent(
                   status: Person.ConsentStatus(rawValue: $0.status) ?? .notReturned, withdrawnOn: $0.withdrawnOn)) },
                   uniquingKeysWith: { first, _ in first }),
               validFrom: validFrom, validUntil: validUntil, withdrawnOn: withdrawnOn, doNotPublish: doNotPublish,
               restrictions: restrictions, recordedBy: recordedBy, recordedOn: recordedOn, source: source,
               inRegister: inRegister)
    }
}

struct ConsentRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "consent"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var personId: String
    var channel: String
    var status: String
    var withdrawnOn: Day?
}

/// One field of one record changing: the history a school shows an inspector.
public struct FieldChange: Codable, Sendable, Equatable {
    public var field: String
    public var oldValue: String?
    public var newValue: String?
    /// ISO 8601 time of the change.
    public var changedAt: String
    /// Which file or command, run by which account.
    public var source: String
}

struct ChangeRow: Decodable, FetchableRecord {
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    var field: String
    var oldValue: String?
    var newValue: String?
    var changedAt: String
    var source: String

    var change: FieldChange {
        FieldChange(field: field, oldValue: oldValue, newValue: newValue, changedAt: changedAt, source: source)
    }
}

struct StaffRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "staff"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var name: String
    var account: String
    var channels: String
    var roles: String
    var validFrom: Day?
    var validUntil: Day?

    init(_ member: StaffMember) {
        id = member.id
        name = member.name
        account = member.account
        channels = member.channels.joined(separator: ",")
        roles = member.roles.map(\.rawValue).joined(separator: ",")
        validFrom = member.validFrom
        validUntil = member.validUntil
    }

    var member: StaffMember {
        StaffMember(id: id, name: name, account: account,
                    channels: channels.split(separator: ",").map(String.init),
                    roles: roles.split(separator: ",").compactMap { Role(rawValue: String($0)) },
                    validFrom: validFrom, validUntil: validUntil)
    }
}
