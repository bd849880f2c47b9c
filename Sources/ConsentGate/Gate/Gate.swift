import Foundation
import Imaging

/// One photo asked of the gate.
public struct GateRequest: Sendable {
    public var path: String
    /// The name the person gave the photo (the claimed copy's name may differ).
    public var name: String
    public var declaration: Declaration
    /// The OS account of the person submitting: the one running `submit`, or the dropped file's owner.
    public var poster: String
    public var via: Gate.Via
    /// Reasons found before the gate (a file in someone else's inbox, an unreadable sidecar).
    public var reasons: [Reason]
    /// Files that belong with the photo (its sidecar), filed with it if it is rejected.
    public var attachments: [String]
    /// A reviewer has looked at the photo and confirmed who is in it: the faces are not counted again.
    public var reviewed = false

    public init(path: String, name: String? = nil, declaration: Declaration, poster: String, via: Gate.Via = .submit,
                reasons: [Reason] = [], attachments: [String] = []) {
        self.path = path
        self.name = name ?? (path as NSString).lastPathComponent
        self.declaration = declaration
        self.poster = poster
        self.via = via
        self.reasons = reasons
        self.attachments = attachments
    }
}

/// The gate: one photo in, exactly one outcome out.
///
///     claim -> inspect -> decide -> render -> look for faces -> publish | hold | reject -> record
///
/// Fail closed: any error means nothing is published; a derivative is
/// removed again if its ledger entry cannot be written.
public struct Gate: Sendable {
    public enum Via: String, Sendable { case submit, watch, review }

    public let workspace: Workspace
    public let settings: Settings
    let store: Store
    let clock: @Sendable () -> Date

    public init(workspace: Workspace, settings: Settings, store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.workspace = workspace
        self.settings = settings
        self.store = store
        self.clock = clock
    }

    public func submit(_ path: String, declaration: Declaration, poster account: String, via: Via = .submit) -> GateOutcome {
        submit(GateRequest(path: path, declaration: declaration, poster: account, via: via))
    }

    public func submit(_ request: GateRequest) -> GateOutcome {
        // claim
        let file: SubmittedFile
        do {
            file = try SubmittedFile.read(request.path, name: request.name, maxBytes: settings.limits.maxBytes)
        } catch {
            return unreadable(request.path, error)
        }
        do {
            return try decideAndFile(file, request)
        } catch {
            return .failed(request.path, error.message, sha256: Digest.sha256(file.bytes))
        }
    }

    private func decideAndFile(_ file: SubmittedFile, _ request: GateRequest) throws(StoreError) -> GateOutcome {
        let (declaration, account, via) = (request.declaration, request.poster, request.via)
        let now = clock()
        let sha = Digest.sha256(file.bytes)
        let channel = declaration.channel.map(Settings.channelKey) ?? settings.defaultChannel
        let rendering = settings.approvedRendering(for: settings.channels[channel] ?? settings.channels[settings.defaultChannel]!)
        let renderer = Renderer(settings: rendering)

        // inspect
        let inspected = Inspect.run(file.bytes, with: renderer)

        // decide
        let staff = try store.staff()
        let register = try store.register()
        let submission = Submission(posterAccount: account, people: declaration.people, caption: declaration.caption ?? "",
                                    channel: channel, tagged: inspected.tagged)
        let context = PolicyContext(staff: staff, register: register, date: settings.today(now), channels: Set(settings.channelNames))
        var reasons = request.reasons + inspected.reasons + Policy.decide(submission, in: context).reasons
        let key = Digest.sha256(Array([sha, account, channel, declaration.canonical].joined(separator: "\n").utf8))
        let draft = LedgerDraft(
            now: now, day: context.date, poster: staff.first { $0.account == account }.map(\.id) ?? "account:\(account)", via: via,
            channel: channel, people: Policy.whoIsPictured(submission, register).ids, register: register,
            configVersion: workspace.configVersion, sha: sha, key: key,
            publication: Publication(caption: declaration.caption ?? "", posterAccount: account))

        if let previous = try store.latestEntry(forSubmission: key), let repeated = Repeat.check(previous, reasons, workspace, timeZone: settings.timeZone) {
            var outcome = GateOutcome(file: file.path, status: repeated.status, reasons: repeated.heldReasons ?? reasons,
                                      channel: channel, derivative: repeated.derivative, rejectedFolder: repeated.rejectedFolder, sha256: sha,
                                      ledgerSeq: previous.seq, repeated: true, removed: [])
            outcome.heldFolder = repeated.heldFolder
            return outcome
        }

        // render (which verifies what it wrote)
        var derivative: Derivative?
        if reasons.isEmpty {
            do {
                derivative = try renderer.render(file.bytes, inspected: inspected.inspection)
            } catch {
                reasons.append(Reason(refusedAs: error.code, error.message))
            }
        }

        // look for faces in what would be published: more than declared, or no way to look, waits for a reviewer
        if let derivative {
            let faces = try? FaceDetector.search(derivative.jpeg, longEdge: FaceDetector.searchEdge)
            let count: FaceCount = faces.map { .counted($0.faces.count) }
                ?? .notChecked(FaceDetector.unavailableReason ?? "the picture could not be searched")
            let hold = request.reviewed ? [] : Policy.hold(faces: count, declared: draft.people.count)
            if !hold.isEmpty {
                return try Hold.run(file, request, derivative, hold, faces: faces, draft, store: store, workspace: workspace)
            }
        }

        // publish | reject, then record
        if let derivative {
            return try Publish.run(file, derivative, inspected.format, draft, store: store, workspace: workspace)
        }
        return try Reject.run(file, request, reasons, draft, store: store, workspace: workspace)
    }

    private func unreadable(_ path: String, _ refusal: FileRefusal) -> GateOutcome {
        GateOutcome(file: path, status: .rejected, reasons: [Reason(refusedAs: refusal.code, refusal.message)], channel: nil,
                    derivative: nil, rejectedFolder: nil, sha256: nil, ledgerSeq: nil, repeated: false, removed: [])
    }
}

/// The ledger entry as far as it is known before the outcome is filed.
struct LedgerDraft {
    let now: Date
    /// The school's day at `now`.
    let day: Day
    let poster: String
    let via: Gate.Via
    let channel: String
    let people: [String]
    let register: Register
    let configVersion: String
    let sha: String
    let key: String
    var publication: Publication? = nil

    /// 2026-11-25-3f2a9c1b0d4e: the date and the submission, never a name.
    var fileStem: String { "\(day)-\(key.prefix(12))" }

    /// rejected/<date>-<key>/: the refused original, its reasons and attachments.
    func rejectedFolder(in workspace: Workspace) -> String { workspace.rejected + "/" + fileStem }

    func entry(decision: LedgerEntry.Decision, reasons: [Reason], derivativeSHA256: String? = nil, derivativePath: String? = nil,
               perceptualHash: String? = nil) -> LedgerEntry {
        LedgerEntry(
            seq: 0, recordedAt: Store.timestamp(now), poster: poster, via: via.rawValue, channel: channel, people: people,
            registerRows: Dictionary(uniqueKeysWithValues: people.compactMap { id in register[id].map { (id, $0.rowDigest) } }),
            configVersion: configVersion, originalSHA256: sha, derivativeSHA256: derivativeSHA256,
            derivativePath: derivativePath, perceptualHash: perceptualHash, decision: decision,
            reasons: reasons.map { .init(code: $0.code.rawValue, person: $0.person) },
            submissionKey: key, previousHash: "", hash: "")
    }
}
