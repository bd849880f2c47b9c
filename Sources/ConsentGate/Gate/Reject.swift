import Foundation

/// Step: a refused photo. Its original and every reason, in words and as
/// JSON, go to one folder in rejected/; then the ledger entry.
enum Reject {
    static func run(_ file: SubmittedFile, _ reasons: [Reason], _ draft: LedgerDraft,
                    store: Store, workspace: Workspace) throws(StoreError) -> GateOutcome {
        let folder = workspace.rejected + "/" + draft.fileStem
        let name = (file.path as NSString).lastPathComponent
        do {
            try ensureFolder(workspace.rejected, mode: 0o700)
            try ensureFolder(folder, mode: 0o700)
            try DurableFile.write(file.bytes, to: folder + "/" + name, mode: 0o600)
            try DurableFile.write(Array(text(name, reasons, draft).utf8), to: folder + "/reasons.txt", mode: 0o600)
            try DurableFile.write(json(name, reasons, draft), to: folder + "/reasons.json", mode: 0o600)
        } catch {
            throw StoreError("The rejected photo could not be filed in \(folder) (\(error)).")
        }
        let entry = try store.append(draft.entry(decision: "rejected", reasons: reasons))
        return GateOutcome(file: file.path, status: .rejected, reasons: reasons, derivative: nil, rejectedFolder: folder,
                           sha256: draft.sha, ledgerSeq: entry.seq, repeated: false, removed: [])
    }

    static func text(_ name: String, _ reasons: [Reason], _ draft: LedgerDraft) -> String {
        var lines = ["\(name) was not published to \(draft.channel) (\(Store.timestamp(draft.now))).", "", "Reasons:"]
        lines += reasons.map { "- \($0.message) [\($0.code.rawValue)]" }
        lines += ["", "Fix what is listed and submit the photo again, or ask the person responsible for the consent register."]
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ name: String, _ reasons: [Reason], _ draft: LedgerDraft) -> [UInt8] {
        struct Report: Encodable {
            let file: String, decision: String, channel: String, sha256: String, recordedAt: String
            let reasons: [Reason]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let report = Report(file: name, decision: "rejected", channel: draft.channel, sha256: draft.sha,
                            recordedAt: Store.timestamp(draft.now), reasons: reasons)
        return [UInt8]((try? encoder.encode(report)) ?? Data("{}".utf8))
    }
}
