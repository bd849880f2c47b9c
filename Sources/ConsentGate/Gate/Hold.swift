import Foundation
import Imaging

/// Step: a photo that may not go out until a reviewer has looked. The
/// original, the derivative the gate would publish, the reasons and the
/// faces' boxes wait in one folder in held/; then the ledger entry. Nothing
/// is published.
enum Hold {
    static func run(_ file: SubmittedFile, _ request: GateRequest, _ derivative: Derivative, _ reasons: [Reason], faces: FaceSearch?,
                    _ draft: LedgerDraft, store: Store, workspace: Workspace) throws(StoreError) -> GateOutcome {
        let folder = workspace.held + "/" + draft.fileStem
        let name = Reject.safeName(request.name)
        do {
            try ensureFolder(workspace.held, mode: 0o700)
            try ensureFolder(folder, mode: 0o700)
            try DurableFile.write(file.bytes, to: folder + "/" + name, mode: 0o600)
            try DurableFile.write(derivative.jpeg, to: folder + "/derivative.jpg", mode: 0o600)
            try DurableFile.write(Array(text(name, reasons, draft).utf8), to: folder + "/reasons.txt", mode: 0o600)
            try DurableFile.write(json(name, reasons, faces, draft, request), to: folder + "/reasons.json", mode: 0o600)
        } catch {
            throw StoreError("The held photo could not be filed in \(folder) (\(error)).")
        }
        let entry = try store.append(draft.entry(decision: .held, reasons: reasons))
        var outcome = GateOutcome(file: file.path, status: .held, reasons: reasons, channel: draft.channel, derivative: nil,
                                  rejectedFolder: nil, sha256: draft.sha, ledgerSeq: entry.seq, repeated: false, removed: [])
        outcome.heldFolder = folder
        return outcome
    }

    static func text(_ name: String, _ reasons: [Reason], _ draft: LedgerDraft) -> String {
        var lines = ["\(name) is held for review, not published to \(draft.channel) (\(Store.timestamp(draft.now))).", "", "Why:"]
        lines += reasons.map { "- \($0.message) [\($0.code.rawValue)]" }
        lines += ["", "A reviewer (the head teacher or safeguarding lead) decides whether it may be published."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The faces' boxes in the derivative's pixels: where they are, never who.
    static func json(_ name: String, _ reasons: [Reason], _ faces: FaceSearch?, _ draft: LedgerDraft, _ request: GateRequest) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let report = HeldPhoto(file: name, decision: LedgerEntry.Decision.held.rawValue, channel: draft.channel, sha256: draft.sha,
                               recordedAt: Store.timestamp(draft.now), reasons: reasons, faces: faces?.faces,
                               searchedWidth: faces?.width, searchedHeight: faces?.height, posterAccount: request.poster,
                               caption: request.declaration.caption, declared: draft.people, ledger: nil)
        return [UInt8]((try? encoder.encode(report)) ?? Data("{}".utf8))
    }
}

/// A held folder's reasons.json: what a reviewer needs to decide, and what
/// approving needs to gate the photo again as its poster sent it.
public struct HeldPhoto: Codable, Sendable {
    public let file: String
    public let decision: String
    public let channel: String
    public let sha256: String
    public let recordedAt: String
    public let reasons: [Reason]
    public let faces: [FaceBox]?
    public let searchedWidth: Int?
    public let searchedHeight: Int?
    /// The account that sent it (private, like the folder: 0600).
    public let posterAccount: String?
    public let caption: String?
    /// Register ids declared (or tagged) by the poster.
    public let declared: [String]?
    public let ledger: Int?
}
