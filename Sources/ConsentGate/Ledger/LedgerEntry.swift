import Foundation

/// One decision, as the hash chain records it: ids and content hashes only,
/// so that a person can be erased from the register without breaking it.
public struct LedgerEntry: Sendable, Equatable {
    /// What the gate did with the photo, as the ledger spells it.
    public enum Decision: String, Sendable, Codable {
        case approved, rejected
        /// Not published until a reviewer decides: faces the declaration does not account for.
        case held
        /// Not a photo: a change of staff, roles, register or settings, described in `change`.
        case changed
    }

    public struct ReasonRecord: Sendable, Equatable, Codable {
        public let code: String
        public let person: String?
    }

    public var seq: Int
    public var recordedAt: String
    /// The designated person's staff id, or `account:<name>` for anyone else.
    public var poster: String
    /// `submit`, `watch` or `review` for a photo; the command for a change.
    public var via: String
    public var channel: String
    /// Register ids of the people pictured.
    public var people: [String]
    /// Register id to a SHA-256 of the register row the decision used.
    public var registerRows: [String: String]
    /// SHA-256 of the configuration file, or `built-in`.
    public var configVersion: String
    public var originalSHA256: String
    public var derivativeSHA256: String?
    /// Relative to the workspace: published/facebook/2026-11-25-3f2a9c1b0d4e.jpg
    public var derivativePath: String?
    /// 64-bit perceptual hash of the derivative, 16 hex digits.
    public var perceptualHash: String?
    public var decision: Decision
    public var reasons: [ReasonRecord]
    /// SHA-256 of photo, poster, channel, declaration and caption: the same
    /// submission made twice has the same key.
    public var submissionKey: String
    public var previousHash: String
    public var hash: String
    /// What a `changed` entry changed (ids and hashes, no names); nil for a photo.
    public var change: String? = nil

    public static let genesis = String(repeating: "0", count: 64)

    /// The text the hash is computed over: every field but the hash, in a
    /// fixed order, one per line, lists and maps spelled out.
    var canonicalText: String {
        let rows = registerRows.keys.sorted().map { "\($0):\(registerRows[$0]!)" }.joined(separator: ",")
        let reasonText = reasons.map { "\($0.code):\($0.person ?? "")" }.joined(separator: ",")
        return [
            "seq=\(seq)", "recorded_at=\(recordedAt)", "poster=\(poster)", "via=\(via)", "channel=\(channel)",
            "people=\(people.joined(separator: ","))", "register_rows=\(rows)", "config_version=\(configVersion)",
            "original_sha256=\(originalSHA256)", "derivative_sha256=\(derivativeSHA256 ?? "")",
            "derivative_path=\(derivativePath ?? "")", "perceptual_hash=\(perceptualHash ?? "")",
            "decision=\(decision.rawValue)", "reasons=\(reasonText)", "submission_key=\(submissionKey)",
            "previous_hash=\(previousHash)",
        ].joined(separator: "\n")
            // Only changes carry the line, so entries written before it existed still verify.
            + (change.map { "\nchange=\($0)" } ?? "")
    }

    var computedHash: String { Digest.sha256(Array(canonicalText.utf8)) }
}

extension LedgerEntry {
    /// The name its outcome was filed under (LedgerDraft.fileStem): the
    /// school's day when it was recorded, not the UTC date of the timestamp,
    /// which differs near midnight.
    func fileStem(in timeZone: TimeZone) -> String? {
        guard let date = try? Date(recordedAt, strategy: .iso8601) else { return nil }
        return "\(Day.today(date, in: timeZone))-\(submissionKey.prefix(12))"
    }
}

extension Person {
    /// A SHA-256 of every field of the row: what the ledger keeps instead of the row itself.
    var rowDigest: String {
        Digest.sha256(Array(fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n").utf8))
    }
}
