/// What someone asks the gate to publish, before any decision.
public struct Submission: Sendable, Equatable {
    public enum People: Sendable, Equatable {
        /// Everyone pictured, each by register id or full name.
        case listed([String])
        /// A declaration that no one identifiable is pictured.
        case nobody
        /// Nothing was said about who is pictured.
        case undeclared
    }

    /// The OS account that runs the command or owns the dropped file.
    public var posterAccount: String
    public var people: People
    public var caption: String
    public var channel: String
    /// Names found in the photo's own people tags (XMP PersonInImage, MWG
    /// face regions, Microsoft Photo regions); empty when it has none.
    public var tagged: [String]

    public init(posterAccount: String, people: People, caption: String = "", channel: String, tagged: [String] = []) {
        self.posterAccount = posterAccount
        self.people = people
        self.caption = caption
        self.channel = channel
        self.tagged = tagged
    }
}

/// Everything else the decision depends on, as of one day.
public struct PolicyContext: Sendable {
    public var staff: [StaffMember]
    public var register: Register
    public var date: Day
    /// The channels the school publishes to.
    public var channels: Set<String>

    public init(staff: [StaffMember], register: Register, date: Day, channels: Set<String>) {
        self.staff = staff
        self.register = register
        self.date = date
        self.channels = channels
    }
}
