/// One reason a photo may not be published: a stable code for machines,
/// the person concerned (a register id, never a name), and a sentence for
/// the member of staff.
public struct Reason: Sendable, Equatable, Codable {
    public enum Code: String, Sendable, Codable, CaseIterable {
        case channelUnknown = "channel.unknown"
        case posterNotDesignated = "poster.not-designated"
        case posterNotForChannel = "poster.not-for-channel"
        case posterNotYetValid = "poster.not-yet-valid"
        case posterExpired = "poster.expired"
        case posterAccountMismatch = "poster.account-mismatch"
        case peopleUndeclared = "people.undeclared"
        case peopleTagsDisagree = "people.tags-disagree"
        case peopleTagsUnreadable = "people.tags-unreadable"
        case personUnknown = "person.unknown"
        case personAmbiguous = "person.ambiguous"
        case personDoNotPublish = "person.do-not-publish"
        case personNoConsent = "person.no-consent"
        case personConsentNotYetValid = "person.consent-not-yet-valid"
        case personConsentExpired = "person.consent-expired"
        case personConsentWithdrawn = "person.consent-withdrawn"
        case captionNamesPerson = "caption.names-person"
        case captionContactDetails = "caption.contact-details"
        case captionTooLong = "caption.too-long"
        case facesUndeclared = "faces.undeclared"
        case facesUnchecked = "faces.unchecked"
        case reviewRejected = "review.rejected"
        // Found by inspecting the file, not by the policy.
        case fileSymbolicLink = "file.symbolic-link"
        case fileNotRegular = "file.not-regular"
        case fileMissing = "file.missing"
        case fileUnreadable = "file.unreadable"
        case fileHardLinked = "file.hard-linked"
        case fileEmpty = "file.empty"
        case fileOutsideInbox = "file.outside-inbox"
        case manifestInvalid = "manifest.invalid"
        case imageUnsupportedFormat = "image.unsupported-format"
        case imageTruncated = "image.truncated"
        case imageCorrupt = "image.corrupt"
        case imageTooLarge = "image.too-large"
        case imageUnusualShape = "image.unusual-shape"
        case imageProcessingFailed = "image.processing-failed"
        case imageTimeout = "image.timeout"
        case metadataUnremovable = "metadata.unremovable"
        case metadataUnreadable = "metadata.unreadable"
    }

    public let code: Code
    public let person: String?
    public let message: String

    public init(_ code: Code, person: String? = nil, _ message: String) {
        self.code = code
        self.person = person
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case code, person, message }

    /// `person` is written as null when no one in particular is concerned.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(person, forKey: .person)
        try container.encode(message, forKey: .message)
    }
}

extension Reason {
    /// A refusal found before the policy (by reading the file or the
    /// image), under its own code: each is a reason code too (tested), and
    /// one that somehow is not still refuses, as a processing failure.
    public init<Code: RawRepresentable<String>>(refusedAs code: Code, _ message: String) {
        self.init(Reason.Code(rawValue: code.rawValue) ?? .imageProcessingFailed, message)
    }
}

/// The gate's answer.
public enum Decision: Sendable, Equatable {
    case approved
    case rejected([Reason])

    public var reasons: [Reason] {
        if case .rejected(let reasons) = self { return reasons }
        return []
    }

    public var isApproved: Bool { self == .approved }
}
