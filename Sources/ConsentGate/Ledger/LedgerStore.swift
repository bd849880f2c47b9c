import Foundation
import GRDB

/// What was published with an approved photo, kept beside the ledger.
public struct Publication: Sendable, Equatable {
    public var caption: String
    public var posterAccount: String
}

/// The result of recomputing the chain.
public enum LedgerVerification: Sendable, Equatable {
    case intact(entries: Int)
    /// The first row that does not match, and why.
    case broken(seq: Int, reason: String)
}

extension Store {
    /// Appends an entry after the current last one, filling in seq, the
    /// previous hash and its own hash, in one transaction; with it, outside
    /// the chain, what the audit needs to decide again (the caption and the
    /// poster's account), which can be erased without breaking the chain.
    @discardableResult
    public func append(_ draft: LedgerEntry, publication: Publication? = nil) throws(StoreError) -> LedgerEntry {
        try write { db in
            let entry = try Self.append(draft, db)
            if let publication {
                try db.execute(sql: "INSERT INTO publication (seq, caption, poster_account) VALUES (?, ?, ?)",
                               arguments: [entry.seq, publication.caption, publication.posterAccount])
            }
            return entry
        }
    }

    /// Appends inside a transaction already open, so that a change and its entry are one.
    @discardableResult
    static func append(_ draft: LedgerEntry, _ db: Database) throws -> LedgerEntry {
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1")
        var entry = draft
        entry.seq = (last?["seq"] as Int? ?? 0) + 1
        entry.previousHash = last?["hash"] ?? LedgerEntry.genesis
        entry.hash = entry.computedHash
        try LedgerRow(entry).insert(db)
        return entry
    }

    /// The caption and poster of every approved entry, by ledger seq.
    public func publications() throws(StoreError) -> [Int: Publication] {
        try read { db in
            var result: [Int: Publication] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT seq, caption, poster_account FROM publication") {
                result[row["seq"]] = Publication(caption: row["caption"], posterAccount: row["poster_account"])
            }
            return result
        }
    }

    public func ledger() throws(StoreError) -> [LedgerEntry] {
        try read { db in try LedgerRow.order(Column("seq")).fetchAll(db).map { try $0.entry } }
    }

    /// The latest entry for a submission key, if it was made before.
    public func latestEntry(forSubmission key: String) throws(StoreError) -> LedgerEntry? {
        try read { db in
            try LedgerRow.filter(Column("submission_key") == key).order(Column("seq").desc).fetchOne(db)?.entry
        }
    }

    /// Recomputes every hash and link, naming the first row that does not match.
    public func verifyLedger() throws(StoreError) -> LedgerVerification {
        try read { db in
            var previous = LedgerEntry.genesis
            var expected = 1
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM ledger ORDER BY seq")
            while let row = try cursor.next() {
                let seq: Int = row["seq"]
                guard seq == expected else {
                    return .broken(seq: expected, reason: "row \(expected) is missing")
                }
                guard let entry = try? LedgerRow(row: row).entry else {
                    return .broken(seq: seq, reason: "row \(seq) cannot be read")
                }
                if entry.previousHash != previous {
                    return .broken(seq: seq, reason: "row \(seq) does not point at the row before it")
                }
                if entry.computedHash != entry.hash {
                    return .broken(seq: seq, reason: "row \(seq) was changed after it was written")
                }
                previous = entry.hash
                expected += 1
            }
            return .intact(entries: expected - 1)
        }
    }
}

struct LedgerRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "ledger"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var seq: Int
    var recordedAt: String
    var poster: String
    var via: String
    var channel: String
    var people: String
    var registerRows: String
    var configVersion: String
    var originalSha256: String
    var derivativeSha256: String?
    var derivativePath: String?
    var perceptualHash: String?
    var decision: String
    var reasons: String
    var submissionKey: String
    var previousHash: String
    var hash: String
    var change: String?

    init(_ entry: LedgerEntry) {
        seq = entry.seq
        recordedAt = entry.recordedAt
        poster = entry.poster
        via = entry.via
        channel = entry.channel
        people = Self.json(entry.people)
        registerRows = Self.json(entry.registerRows)
        configVersion = entry.configVersion
        originalSha256 = entry.originalSHA256
        derivativeSha256 = entry.derivativeSHA256
        derivativePath = entry.derivativePath
        perceptualHash = entry.perceptualHash
        decision = entry.decision.rawValue
        reasons = Self.json(entry.reasons)
        submissionKey = entry.submissionKey
        previousHash = entry.previousHash
        hash = entry.hash
        change = entry.change
    }

    var entry: LedgerEntry {
        get throws {
            LedgerEntry(
                seq: seq, recordedAt: recordedAt, poster: poster, via: via, channel: channel,
                people: try Self.decode([String].self, people), registerRows: try Self.decode([String: String].self, registerRows),
                configVersion: configVersion, originalSHA256: originalSha256, derivativeSHA256: derivativeSha256,
                derivativePath: derivativePath, perceptualHash: perceptualHash, decision: try Self.decision(decision),
                reasons: try Self.decode([LedgerEntry.ReasonRecord].self, reasons), submissionKey: submissionKey,
                previousHash: previousHash, hash: hash, change: change)
        }
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    static func decision(_ text: String) throws -> LedgerEntry.Decision {
        guard let decision = LedgerEntry.Decision(rawValue: text) else { throw StoreError("A ledger entry's decision is \"\(text)\", not approved, rejected, held or changed.") }
        return decision
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
