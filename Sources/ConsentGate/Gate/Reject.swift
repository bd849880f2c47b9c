import Foundation

/// Step: a refused photo. Its original and every reason, in words and as
/// JSON, go to one folder in rejected/; then the ledger entry.
enum Reject {
    static func run(_ file: SubmittedFile, _ request: GateRequest, _ reasons: [Reason], _ draft: LedgerDraft,
                    store: Store, workspace: Workspace) throws(StoreError) -> GateOutcome {
        let folder = draft.rejectedFolder(in: workspace)
        let name = safeName(request.name)
        do {
            try ensureFolder(workspace.rejected, mode: 0o700)
            try ensureFolder(folder, mode: 0o700)
            try DurableFile.write(file.bytes, to: folder + "/" + name, mode: 0o600)
            for attachment in request.attachments {
                if let data = FileManager.default.contents(atPath: attachment) {
                    try DurableFile.write([UInt8](data), to: folder + "/" + safeName((attachment as NSString).lastPathComponent), mode: 0o600)
                }
            }
            try DurableFile.write(Array(text(name, reasons, draft).utf8), to: folder + "/reasons.txt", mode: 0o600)
            try DurableFile.write(json(name, reasons, draft), to: folder + "/reasons.json", mode: 0o600)
        } catch {
            throw StoreError("The rejected photo could not be filed in \(folder) (\(error)).")
        }
        let entry = try store.append(draft.entry(decision: .rejected, reasons: reasons))
        return GateOutcome(file: file.path, status: .rejected, reasons: reasons, channel: draft.channel, derivative: nil, rejectedFolder: folder,
                           sha256: draft.sha, ledgerSeq: entry.seq, repeated: false, removed: [])
    }

    /// A file name that stays inside the folder, whatever it was called.
    static func safeName(_ name: String) -> String {
        let cleaned = name.replacingOccurrences(of: "/", with: "_")
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." || cleaned == "reasons.txt" || cleaned == "reasons.json"
            ? "photo-" + cleaned : cleaned
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
        let report = Report(file: name, decision: LedgerEntry.Decision.rejected.rawValue, channel: draft.channel, sha256: draft.sha,
                            recordedAt: Store.timestamp(draft.now), reasons: reasons)
        return [UInt8]((try? encoder.encode(report)) ?? Data("{}".utf8))
    }
}

extension Gate {
    /// A symbolic link or a hard-linked file in an inbox: refused without
    /// being opened or followed. The link itself (never its target) is moved
    /// into rejected/ with the reasons, and the decision is recorded.
    public func refuseUnread(_ path: String, name: String, reason: Reason, poster account: String,
                             staffID: String, via: Via = .watch,
                             attachments: [(path: String, name: String)] = []) -> GateOutcome {
        let now = clock()
        let key = Digest.sha256(Array([path, account, String(now.timeIntervalSince1970)].joined(separator: "\n").utf8))
        let draft = LedgerDraft(now: now, day: settings.today(now), poster: staffID, via: via, channel: settings.defaultChannel, people: [],
                                register: Register(), configVersion: workspace.configVersion, sha: "", key: key)
        let folder = draft.rejectedFolder(in: workspace)
        do {
            try ensureFolder(folder, mode: 0o700)
            guard rename(path, folder + "/" + Reject.safeName(name)) == 0 else {
                throw StoreError("cannot move \(name) out of the inbox: \(String(cString: strerror(errno)))")
            }
            for attachment in attachments {
                _ = rename(attachment.path, folder + "/" + Reject.safeName(attachment.name))
            }
            try DurableFile.write(Array(Reject.text(name, [reason], draft).utf8), to: folder + "/reasons.txt", mode: 0o600)
            try DurableFile.write(Reject.json(name, [reason], draft), to: folder + "/reasons.json", mode: 0o600)
            try DurableFile.syncDirectory((path as NSString).deletingLastPathComponent)
            let entry = try store.append(draft.entry(decision: .rejected, reasons: [reason]))
            return GateOutcome(file: path, status: .rejected, reasons: [reason], channel: draft.channel, derivative: nil, rejectedFolder: folder,
                               sha256: nil, ledgerSeq: entry.seq, repeated: false, removed: [])
        } catch {
            return .failed(path, "\(error)")
        }
    }
}
