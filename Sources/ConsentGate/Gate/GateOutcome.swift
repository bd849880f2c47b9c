/// What happened to one submitted photo.
public struct GateOutcome: Sendable {
    public enum Status: Sendable, Equatable {
        case approved
        case rejected
        /// Waiting for a reviewer, in held/; nothing published.
        case held
        /// Nothing was published and nothing recorded: the gate itself could not work.
        case failed(String)
    }

    public let file: String
    public let status: Status
    public let reasons: [Reason]
    /// The channel the photo was submitted for, once the gate has read that far.
    public let channel: String?
    /// The published derivative (absolute path) when approved.
    public let derivative: String?
    /// Where the original and its reasons were put when rejected.
    public let rejectedFolder: String?
    public let sha256: String?
    public let ledgerSeq: Int?
    /// The same submission was decided the same way before: nothing new was written.
    public let repeated: Bool
    /// Metadata the original carried that the derivative does not.
    public let removed: [String]
    /// Where the original, the would-be derivative and the reasons wait when held.
    public var heldFolder: String? = nil

    static func failed(_ file: String, _ message: String, sha256: String? = nil) -> GateOutcome {
        GateOutcome(file: file, status: .failed(message), reasons: [], channel: nil, derivative: nil, rejectedFolder: nil,
                    sha256: sha256, ledgerSeq: nil, repeated: false, removed: [])
    }
}
