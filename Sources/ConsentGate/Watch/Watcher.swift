import Foundation
import Logging
import Synchronization

/// The watch-folder daemon's engine: sees files arrive in the inboxes,
/// takes each one when it is whole, and gates it with the same code as
/// `submit`, several at once but never more than the configured limit.
public final class Watcher: Sendable {
    let workspace: Workspace
    let settings: Settings
    let store: Store
    let gate: Gate
    let claims: Claims
    let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let queue: OperationQueue
    private let inFlight = Mutex<Set<String>>([])
    let upkeep = InboxUpkeep()

    public init(workspace: Workspace, settings: Settings, store: Store, logger: Logger) {
        self.workspace = workspace
        self.settings = settings
        self.store = store
        self.gate = Gate(workspace: workspace, settings: settings, store: store)
        self.claims = Claims(workspace: workspace)
        self.logger = logger
        queue = OperationQueue()
        queue.maxConcurrentOperationCount = settings.watch.effectiveConcurrency
    }

    /// Wakes the loop from its wait at once when asked to stop.
    private let wake = WakeSignal()

    /// Asks the loop to stop taking new files; photos in hand are finished.
    /// An idle loop stops at once, not at its next rescan.
    public func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        wake.signal()
    }

    var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    /// Runs until `stop()`, or, with `once`, until what is in the inboxes now has been gated.
    public func run(once: Bool) throws {
        let inotify = try Inotify()
        let options = settings.watch
        var tracker = QuietTracker()
        var firstSeen: [String: Double] = [:]
        var lastFullScan = 0.0
        var lastRecovery = -Double.infinity
        var started = false
        var unusable: Set<String> = []  // inboxes already reported
        logger.info("watching", metadata: ["workspace": "\(workspace.root)", "concurrency": "\(options.effectiveConcurrency)"])
        workspace.removeAbandonedTemporaries()

        while !isStopping {
            let now = Self.now()
            // Claims an earlier run (or a failed attempt) left behind.
            if now - lastRecovery >= options.rescanSeconds {
                // Sidecars are taken back only on the first pass: later,
                // claims of this run may be in hand.
                for claim in claims.unfinished(reclaimingSidecars: !started) {
                    if !started, claims.countStart(claim) > Self.startsBeforeSettingAside {
                        setAside(claim)
                    } else {
                        dispatch(claim)
                    }
                }
                if !started { warnIfInboxesAreShared() }
                pruneReplies()
                lastRecovery = now
                started = true
            }
            let staff = ((try? store.staff()) ?? []).filter { !$0.channels.isEmpty }  // reviewers and admins have no inbox
            var nextCheck = options.rescanSeconds
            var waiting = false
            // Each inbox, and each folder dropped in one: a folder's photos
            // are gated as if dropped one by one, each with its own sidecar.
            let inboxes = staff.flatMap { member -> [(StaffMember, [InboxScan.Entry])] in
                let inbox = workspace.inbox(member.id)
                if !FileManager.default.fileExists(atPath: inbox) {
                    _ = try? workspace.initialise(from: nil, channels: [], staff: [member])
                }
                inotify.watch(inbox)
                // An inbox the service cannot use: said once, loudly, until it can.
                if access(inbox, R_OK | W_OK | X_OK) != 0 {
                    let problem = String(cString: strerror(errno))
                    if unusable.insert(member.id).inserted {
                        logger.error("the service cannot use this inbox: photos dropped in it are not gated", metadata: [
                            "inbox": "\(member.id)", "error": "\(problem)",
                            "fix": "the inbox must be in the workspace's group with mode 2770 (consentgate staff add sets this)"])
                    }
                } else if unusable.remove(member.id) != nil {
                    logger.info("the service can use this inbox again", metadata: ["inbox": "\(member.id)"])
                }
                let folders = InboxScan.folders(in: inbox)
                folders.forEach(inotify.watch)
                return [(member, InboxScan.entries(in: inbox))] + folders.map { (member, InboxScan.entries(in: $0)) }
            }
            upkeep.removeDrained(logger: logger)
            inotify.watch(workspace.inboxes)
            let strays = InboxScan.entries(in: workspace.inboxes).filter { $0.kind != .ignored }
            let present = Set(inboxes.flatMap { $0.1.map(\.path) } + strays.map(\.path))
            tracker.keepOnly(present)
            if refuseStrays(strays, tracker: &tracker, now: now) { nextCheck = min(nextCheck, 0.25); waiting = true }
            firstSeen = firstSeen.filter { present.contains($0.key) }
            for (member, entries) in inboxes {
                for entry in entries {
                    switch entry.kind {
                    case .ignored, .sidecar:
                        continue
                    case .unsafe(let code):
                        refuse(entry, code: code, member: member)
                    case .photo:
                        let seen = firstSeen[entry.path] ?? now
                        firstSeen[entry.path] = seen
                        let quiet = tracker.quietFor(entry, now: now)
                        let sidecar = Self.sidecar(for: entry, in: entries)
                        let sidecarQuiet = sidecar.map { tracker.quietFor($0, now: now) } ?? 0
                        // An empty file may be a copy that has not started: taken
                        // only if it stays empty (then refused as empty).
                        if entry.size == 0, now - seen >= options.emptyFileSeconds {
                            refuseEmpty(entry, member: member)
                            continue
                        }
                        let ready = entry.size > 0 && quiet >= options.quietSeconds
                            && (sidecar != nil ? sidecarQuiet >= options.quietSeconds : quiet >= options.quietSeconds + options.sidecarWaitSeconds)
                        if ready {
                            do {
                                let claim = try claims.claim(entry, sidecar: sidecar, staffID: member.id)
                                upkeep.claimed(from: entry.path)
                                tracker.forget(entry.path)
                                if let sidecar { tracker.forget(sidecar.path) }
                                firstSeen[entry.path] = nil
                                dispatch(claim)
                            } catch {
                                cannotTake(entry, member: member, error: error)
                            }
                        } else {
                            // --once leaves files that never settle for the next run.
                            let patience = 2 * (options.quietSeconds + options.sidecarWaitSeconds) + 1
                            if !once || now - seen < patience { waiting = true }
                            nextCheck = min(nextCheck, 0.25)
                        }
                    }
                }
            }
            if once && !waiting {
                queue.waitUntilAllOperationsAreFinished()
                if claims.unfinished().allSatisfy({ failedClaims.withLock { $0 }.contains($0.photo) }) { break }
                lastRecovery = -Double.infinity
                continue
            }
            switch inotify.wait(timeout: min(nextCheck, max(0.05, options.rescanSeconds - (Self.now() - lastFullScan))), or: wake) {
            case .overflow, .timeout: lastFullScan = Self.now()
            case .changed, .woken: break
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        upkeep.removeDrained(logger: logger)
        logger.info("stopped")
    }

    private let failedClaims = Mutex<Set<String>>([])
    /// Folders a photo could not be taken from, already reported this run.
    private let stuckFolders = Mutex<Set<String>>([])

    /// A photo the service cannot move out of its folder (a folder its owner
    /// made with mode 0755, as a umask of 022 or Samba's default directory
    /// mask does) stays where it is, untouched: said once per folder, in the
    /// log and, for a dropped folder, to its owner in her replies.
    private func cannotTake(_ entry: InboxScan.Entry, member: StaffMember, error: Error) {
        let folder = (entry.path as NSString).deletingLastPathComponent
        guard stuckFolders.withLock({ $0.insert(folder).inserted }) else { return }
        logger.error("a photo cannot be taken out of its folder, so it is not gated", metadata: [
            "inbox": "\(member.id)", "error": "\(error)",
            "fix": "the folder must be writable by the service's group (mode 2770; a Samba directory mask of 2770)"])
        guard folder != workspace.inbox(member.id) else { return }
        let name = (folder as NSString).lastPathComponent
        let text = """
            The folder "\(name)" you put in your inbox cannot be emptied by the gate: it was made so that only you \
            can change it. Its photos were not taken, and nothing in it was published.

            Move the photos out of the folder into your inbox itself, or ask whoever looks after the gate.

            """
        do {
            try Replies(inbox: workspace.inbox(member.id)).tell(text, as: name + " - not taken")
        } catch {
            logger.error("no reply could be written to the inbox's replies folder", metadata: ["inbox": "\(member.id)", "error": "\(error)"])
        }
    }

    /// Gates one claimed photo on the worker pool, at most once at a time.
    private func dispatch(_ claim: Claims.Claim) {
        let added = inFlight.withLock { $0.insert(claim.photo).inserted }
        guard added else { return }
        queue.addOperation { [self] in
            defer { _ = inFlight.withLock { $0.remove(claim.photo) } }
            process(claim)
        }
    }

    private func process(_ claim: Claims.Claim) {
        guard let member = (try? store.staff())?.first(where: { $0.id == claim.staffID }) else {
            logger.error("no staff member for inbox", metadata: ["inbox": "\(claim.staffID)"])
            failedClaims.withLock { _ = $0.insert(claim.photo) }
            return
        }
        var info = stat()
        let owner = lstat(claim.photo, &info) == 0 ? OSAccount.name(of: info.st_uid) : member.account
        var reasons: [Reason] = []
        if owner != member.account {
            reasons.append(Reason(.posterAccountMismatch,
                "This photo was put in \(member.name)'s inbox by the account \"\(owner)\", not by \(member.name)'s account \"\(member.account)\"."))
        }
        var declaration = Declaration()
        // A sidecar says who is pictured: only the photo's owner may say it.
        if let sidecar = claim.sidecar, lstat(sidecar, &info) == 0, OSAccount.name(of: info.st_uid) != owner {
            reasons.append(Reason(.posterAccountMismatch,
                "The photo's sidecar, which says who is pictured, was written by the account \"\(OSAccount.name(of: info.st_uid))\", not by the photo's owner \"\(owner)\": it was not read."))
        } else if let sidecar = claim.sidecar {
            do {
                declaration = try Manifest.read(sidecar)
            } catch {
                reasons.append(Reason(.manifestInvalid, "The photo's sidecar cannot be used: \(error.message)"))
            }
        }
        var outcome = gate.submit(GateRequest(path: claim.photo, name: claim.name, declaration: declaration, poster: owner,
                                              via: .watch, reasons: reasons, attachments: claim.sidecar.map { [$0] } ?? []))
        // A file the gate could not read, or would not read (over the size
        // limit), was decided on but filed nowhere: it is moved, unread, into
        // rejected/ with its reason and a ledger entry. Never deleted.
        if case .rejected = outcome.status, outcome.ledgerSeq == nil, let reason = outcome.reasons.first {
            let sidecar = claim.sidecar.map { ($0, Claims.parse(($0 as NSString).lastPathComponent)?.original ?? "sidecar") }
            outcome = gate.refuseUnread(claim.photo, name: claim.name, reason: reason, poster: owner, staffID: member.id,
                                        attachments: sidecar.map { [$0] } ?? [])
            if case .failed(let message) = outcome.status {
                logger.error("an unreadable photo could not be filed; it stays in processing/",
                             metadata: ["claim": "\(Self.claimID(claim))", "error": "\(message)"])
            }
        }
        log(outcome, claim)
        reply(outcome, name: claim.name, staffID: member.id)
        switch outcome.status {
        case .approved, .rejected, .held:
            do {
                try claims.release(claim)
                failedClaims.withLock { _ = $0.remove(claim.photo) }
            } catch {
                logger.error("release failed", metadata: ["claim": "\(Self.claimID(claim))", "error": "\(error)"])
            }
        case .failed:
            failedClaims.withLock { _ = $0.insert(claim.photo) }
        }
    }

    /// A photo this many daemon starts found in hand is not read again.
    static let startsBeforeSettingAside = 3

    /// Rejects, without reading it, a photo that was being gated each of the
    /// last times the daemon stopped: it may be what stops it.
    private func setAside(_ claim: Claims.Claim) {
        let reason = Reason(.imageProcessingFailed, "The gate stopped \(Self.startsBeforeSettingAside) times while it was working on this photo, so it was set aside without being read again, and not published. Please tell whoever looks after the gate.")
        let outcome = gate.refuseUnread(claim.photo, name: claim.name, reason: reason, poster: claim.staffID, staffID: claim.staffID)
        log(outcome, claim)
        reply(outcome, name: claim.name, staffID: claim.staffID)
        if case .rejected = outcome.status { try? claims.release(claim) }
    }

    private func refuse(_ entry: InboxScan.Entry, code: Reason.Code, member: StaffMember) {
        let message = code == .fileSymbolicLink
            ? "\(entry.name) is a symbolic link: the gate only takes real files and never follows links."
            : "\(entry.name) has other hard links, so its contents could change through another name: it was not read."
        let outcome = gate.refuseUnread(entry.path, name: entry.name, reason: Reason(code, message),
                                        poster: member.id, staffID: member.id)
        log(outcome, nil, inbox: member.id, name: entry.name)
        reply(outcome, name: entry.name, staffID: member.id)
    }

    /// Tells the person who dropped the photo what became of it, in their
    /// inbox's replies/ folder, once the outcome is durable (a failed
    /// attempt is tried again, and answered then).
    func reply(_ outcome: GateOutcome, name: String, staffID: String) {
        guard outcome.ledgerSeq != nil else { return }
        let note = ReplyNote(name: name, outcome: outcome, decidedAt: Date(), timeZone: settings.timeZone)
        do {
            try Replies(inbox: workspace.inbox(staffID)).file(note)
        } catch {
            logger.error("no reply could be written to the inbox's replies folder", metadata: ["inbox": "\(staffID)", "error": "\(error)"])
        }
    }

    func log(_ outcome: GateOutcome, _ claim: Claims.Claim?, inbox: String? = nil, name: String? = nil) {
        var metadata: Logger.Metadata = ["inbox": "\(claim?.staffID ?? inbox ?? "?")"]
        if let claim { metadata["claim"] = "\(Self.claimID(claim))" }
        if let seq = outcome.ledgerSeq { metadata["ledger"] = "\(seq)" }
        if let sha = outcome.sha256 { metadata["sha256"] = "\(sha.prefix(12))" }
        if settings.watch.logNames { metadata["file"] = "\(claim?.name ?? name ?? "")" }
        switch outcome.status {
        case .approved:
            logger.info("approved", metadata: metadata)
        case .rejected, .held:
            metadata["reasons"] = "\(outcome.reasons.map(\.code.rawValue).joined(separator: ","))"
            logger.info(outcome.status == .held ? "held for review" : "rejected", metadata: metadata)
        case .failed(let message):
            metadata["error"] = "\(message)"
            logger.error("failed, will retry", metadata: metadata)
        }
    }

    /// The time part of the claim id: enough to find the claim in the log.
    static func claimID(_ claim: Claims.Claim) -> String {
        String(claim.id.prefix { $0 != "-" })
    }

    /// NAME.json, NAME.yaml or NAME.yml beside NAME.ext.
    static func sidecar(for photo: InboxScan.Entry, in entries: [InboxScan.Entry]) -> InboxScan.Entry? {
        let stem = (photo.name as NSString).deletingPathExtension
        return entries.first { $0.kind == .sidecar && ($0.name as NSString).deletingPathExtension == stem }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
