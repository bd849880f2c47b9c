import Foundation

/// The photos in held/, waiting for a reviewer, and what a reviewer does
/// with one: approve it with the people they confirm (the gate decides
/// again, as its poster, so a reviewer cannot approve a child without
/// consent), or reject it. Every review is a ledger entry naming the reviewer.
public struct HeldQueue: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    public struct Item: Sendable {
        /// The folder's name, <date>-<key>: what a reviewer types.
        public let id: String
        public let folder: String
        public let photo: HeldPhoto
        public var original: String { folder + "/" + photo.file }
        public var derivative: String { folder + "/derivative.jpg" }
    }

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Every held photo still waiting, oldest first.
    public func items() -> [Item] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: workspace.held)) ?? []
        return names.filter(Self.isID).compactMap { try? item($0) }.sorted { $0.photo.recordedAt < $1.photo.recordedAt }
    }

    public func item(_ id: String) throws(Problem) -> Item {
        guard Self.isID(id) else { throw Problem("\"\(id)\" is not a held photo's id (they look like 2026-12-02-3f2a9c1b0d4e; `consentgate review list`).") }
        let folder = workspace.held + "/" + id
        guard let data = FileManager.default.contents(atPath: folder + "/reasons.json"),
              let photo = try? JSONDecoder().decode(HeldPhoto.self, from: data) else {
            throw Problem("No photo is held as \(id) (`consentgate review list` shows those that are).")
        }
        return Item(id: id, folder: folder, photo: photo)
    }

    static func isID(_ text: String) -> Bool {
        text.range(of: #"^\d{4}-\d{2}-\d{2}-[0-9a-f]{12}$"#, options: .regularExpression) != nil
    }

    /// Why `reviewer` may not review `item`, or nil: nobody reviews their own photo.
    public static func conflict(_ item: Item, reviewer: String) -> String? {
        guard let poster = item.photo.posterAccount, poster == reviewer else { return nil }
        return "You sent this photo, so someone else must review it: two people, as the school's code of conduct asks."
    }

    /// Gates the held photo again as its poster sent it, with the people the
    /// reviewer confirms and without counting faces (the reviewer has
    /// looked); records the review; clears the folder once the new outcome
    /// is filed and recorded.
    public func approve(_ item: Item, people: Submission.People, by reviewer: String, gate: Gate, store: Store) throws(Problem) -> GateOutcome {
        guard let poster = item.photo.posterAccount else { throw Problem("\(item.id) does not say who sent it; it cannot be approved.") }
        var request = GateRequest(path: item.original, name: item.photo.file,
                                  declaration: Declaration(people: people, caption: item.photo.caption, channel: item.photo.channel),
                                  poster: poster, via: .review)
        request.reviewed = true
        let outcome = gate.submit(request)
        guard let seq = outcome.ledgerSeq, outcome.status != .held else {
            if case .failed(let message) = outcome.status { throw Problem(message) }
            throw Problem("\(item.id) could not be decided again.")
        }
        try record(item, "approved with \(Self.describe(people)): ledger #\(seq) \(outcome.status == .approved ? "approved" : "rejected")",
                   via: "review approve", by: reviewer, people: Self.ids(people), store: store)
        try? FileManager.default.removeItem(atPath: item.folder)
        return outcome
    }

    /// Moves the held photo to rejected/ with the reviewer's words, and records the rejection and the review.
    public func reject(_ item: Item, reason: String, by reviewer: String, gate: Gate, store: Store) throws(Problem) -> Int {
        let folder = workspace.rejected + "/" + item.id
        let why = Reason(.reviewRejected, "A reviewer decided it may not be published: \(reason)")
        do {
            try FileManager.default.createDirectory(atPath: workspace.rejected, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try DurableFile.write(Array("\(item.photo.file) was not published: a reviewer decided so.\n\n\(reason)\n".utf8),
                                  to: item.folder + "/review.txt", mode: 0o600)
            guard rename(item.folder, folder) == 0 else { throw Problem("cannot move \(item.id) to rejected/: \(String(cString: strerror(errno)))") }
            try DurableFile.syncDirectory(workspace.rejected)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem("\(item.id) could not be moved to rejected/ (\(error)).")
        }
        let entry: LedgerEntry
        do {
            let poster = item.photo.posterAccount ?? ""
            let staffID = try store.staff().first { $0.account == poster }?.id ?? "account:\(poster)"
            entry = try store.append(LedgerEntry(
                seq: 0, recordedAt: Store.timestamp(Date()), poster: staffID, via: Gate.Via.review.rawValue, channel: item.photo.channel,
                people: item.photo.declared ?? [], registerRows: [:], configVersion: workspace.configVersion,
                originalSHA256: item.photo.sha256, derivativeSHA256: nil, derivativePath: nil, perceptualHash: nil,
                decision: .rejected, reasons: [.init(code: why.code.rawValue, person: nil)],
                submissionKey: Digest.sha256(Array("review reject \(item.id)".utf8)), previousHash: "", hash: ""))
        } catch {
            throw Problem(error.message)
        }
        try record(item, "rejected: ledger #\(entry.seq)", via: "review reject", by: reviewer, people: [], store: store)
        return entry.seq
    }

    private func record(_ item: Item, _ what: String, via: String, by reviewer: String, people: [String], store: Store) throws(Problem) {
        do {
            try store.recordReview("held \(item.id) \(what)", via: via, by: reviewer, people: people, digest: item.photo.sha256)
        } catch {
            throw Problem(error.message)
        }
    }

    static func ids(_ people: Submission.People) -> [String] {
        if case .listed(let ids) = people { return ids }
        return []
    }

    static func describe(_ people: Submission.People) -> String {
        switch people {
        case .listed(let ids): return ids.isEmpty ? "nobody" : ids.joined(separator: ",")
        case .nobody, .undeclared: return "nobody"
        }
    }
}

extension Store {
    /// A reviewer's decision on a held photo, in the chain like any change.
    func recordReview(_ change: String, via: String, by account: String, people: [String], digest: String) throws(StoreError) {
        try write { db in
            try Self.recordChange(change, via: via, by: account, people: people, digest: digest, at: Date(), db)
        }
    }
}
