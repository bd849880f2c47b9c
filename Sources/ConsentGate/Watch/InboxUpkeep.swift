import Foundation
import Logging
import Synchronization

/// Folders dropped in an inbox: which ones photos were taken from, so that
/// each is removed once it is empty (and never one a copy is just starting).
final class InboxUpkeep: Sendable {
    private let drained = Mutex<Set<String>>([])

    func claimed(from path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        // Only folders inside an inbox; the inbox itself stays.
        guard (folder as NSString).deletingLastPathComponent.hasSuffix("/inbox") == false else { return }
        drained.withLock { _ = $0.insert(folder) }
    }

    /// rmdir only removes an empty folder: nothing in it can be lost.
    func removeDrained(logger: Logger) {
        let folders = drained.withLock { $0 }
        for folder in folders where rmdir(folder) == 0 || errno == ENOENT {
            drained.withLock { _ = $0.remove(folder) }
            logger.info("a dropped folder was emptied and removed",
                        metadata: ["inbox": "\(((folder as NSString).deletingLastPathComponent as NSString).lastPathComponent)"])
        }
    }
}

extension InboxScan {
    /// Folders dropped straight into an inbox (one level; not temporary ones).
    static func folders(in inbox: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: inbox) else { return [] }
        return names.sorted().compactMap { name in
            var info = stat()
            let path = inbox + "/" + name
            guard !isTemporary(name), lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
                  !Replies.isRepliesFolder(path) else { return nil }
            return path
        }
    }
}

extension Watcher {
    /// A file that stayed empty: nothing was copied, and nothing will be.
    func refuseEmpty(_ entry: InboxScan.Entry, member: StaffMember) {
        let reason = Reason(.fileEmpty, "\(entry.name) is empty: nothing was copied into it. Copy the photo again.")
        let outcome = gate.refuseUnread(entry.path, name: entry.name, reason: reason, poster: member.account, staffID: member.id)
        log(outcome, nil, inbox: member.id, name: entry.name)
        reply(outcome, name: entry.name, staffID: member.id)
    }

    /// Replies older than `watch.replies_days` are removed.
    func pruneReplies() {
        for member in (try? store.staff()) ?? [] where Replies.isRepliesFolder(workspace.inbox(member.id) + "/" + Replies.folderName) {
            try? Replies(inbox: workspace.inbox(member.id)).prune(olderThan: settings.watch.repliesDays * 86_400)
        }
    }

    /// Anyone else in the inboxes' group can open every inbox and read every
    /// reply: staff must not be in the service's group. Said once, at start,
    /// without naming anyone.
    func warnIfInboxesAreShared() {
        var info = stat()
        guard stat(workspace.root, &info) == 0, let group = getgrgid(info.st_gid) else { return }
        var others = 0
        var member = group.pointee.gr_mem
        while let name = member?.pointee {
            if String(cString: name) != OSAccount.current { others += 1 }
            member = member?.advanced(by: 1)
        }
        guard others > 0 else { return }
        logger.warning("other accounts are in the workspace's group: each can open every inbox and read every reply", metadata: [
            "group": "\(String(cString: group.pointee.gr_name))", "other members": "\(others)",
            "fix": "staff must not be in the service's group; their own inbox is theirs (see getent group)"])
    }

    /// Files put in inbox/ itself, outside anyone's own inbox: no one can be
    /// said to have posted them. Refused unread once their copy is finished.
    /// Returns whether any is still being copied.
    func refuseStrays(_ strays: [InboxScan.Entry], tracker: inout QuietTracker, now: Double) -> Bool {
        var copying = false
        for entry in strays {
            guard tracker.quietFor(entry, now: now) >= settings.watch.quietSeconds else {
                copying = true
                continue
            }
            let reason = Reason(.fileOutsideInbox,
                "\(entry.name) was put in the inbox folder itself, not in a staff member's own inbox (inbox/<staff id>/), so no one can be said to have posted it. Put it in your own inbox.")
            let outcome = gate.refuseUnread(entry.path, name: entry.name, reason: reason,
                                            poster: OSAccount.name(of: entry.owner), staffID: "account:" + OSAccount.name(of: entry.owner))
            tracker.forget(entry.path)
            log(outcome, nil, inbox: "(none)", name: entry.name)
        }
        return copying
    }
}
