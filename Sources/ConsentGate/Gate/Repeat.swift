import Foundation

/// Step: the same photo, declared the same way, decided the same way as
/// before, is not filed or recorded again.
enum Repeat {
    struct Earlier {
        let status: GateOutcome.Status
        let derivative: String?
        let rejectedFolder: String?
        var heldFolder: String? = nil
        /// Why it was held, as its folder's reasons.json says.
        var heldReasons: [Reason]? = nil
    }

    static func check(_ previous: LedgerEntry, _ reasons: [Reason], _ workspace: Workspace, timeZone: TimeZone) -> Earlier? {
        let records = reasons.map { LedgerEntry.ReasonRecord(code: $0.code.rawValue, person: $0.person) }
        if previous.decision == .approved, reasons.isEmpty, let path = previous.derivativePath {
            let absolute = workspace.root + "/" + path
            guard let data = FileManager.default.contents(atPath: absolute),
                  Digest.sha256([UInt8](data)) == previous.derivativeSHA256 else { return nil }
            return Earlier(status: .approved, derivative: absolute, rejectedFolder: nil)
        }
        // Held, and nothing since gives a reason to reject: still waiting, in the same folder.
        if previous.decision == .held, reasons.isEmpty {
            guard let stem = previous.fileStem(in: timeZone) else { return nil }
            let folder = workspace.held + "/" + stem
            guard let data = FileManager.default.contents(atPath: folder + "/reasons.json"),
                  let report = try? JSONDecoder().decode(HeldPhoto.self, from: data) else { return nil }
            return Earlier(status: .held, derivative: nil, rejectedFolder: nil, heldFolder: folder, heldReasons: report.reasons)
        }
        if previous.decision == .rejected, !reasons.isEmpty, previous.reasons == records {
            guard let stem = previous.fileStem(in: timeZone) else { return nil }
            let folder = workspace.rejected + "/" + stem
            return Earlier(status: .rejected, derivative: nil, rejectedFolder: folder)
        }
        return nil
    }
}

