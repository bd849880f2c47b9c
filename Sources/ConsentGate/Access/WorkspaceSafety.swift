import Foundation

/// Like sshd's StrictModes: a workspace whose database or configuration
/// someone other than its owner could change is no gate at all (they could
/// designate themselves, or edit the register), so it is refused, with
/// what to type to fix it.
extension Workspace {
    /// The files whose integrity the gate rests on.
    var guardedFiles: [String] {
        [databasePath, databasePath + "-wal", databasePath + "-shm", configPath, root + "/logo.png"]
    }

    /// Folders whose contents are the service's alone.
    var guardedFolders: [String] { [root, archive, rejected, held, root + "/published", inboxes] }

    /// Every reason the workspace cannot be trusted, each a sentence saying
    /// how to fix it; empty when there is none.
    public func unsafeFiles() -> [String] {
        var info = stat()
        guard stat(root, &info) == 0 else { return ["\(root) does not exist."] }
        let owner = info.st_uid
        let ownerName = OSAccount.name(of: owner)
        var problems: [String] = []
        for path in guardedFolders + guardedFiles {
            var info = stat()
            // The workspace may be reached through a link (/srv/consentgate -> /data/cg); nothing in it may be one.
            guard (path == root ? stat(path, &info) : lstat(path, &info)) == 0 else { continue }
            let isFolder = guardedFolders.contains(path)
            let kind = info.st_mode & S_IFMT
            if kind == S_IFLNK {
                problems.append("\(path) is a symbolic link; the workspace's own files must be real files: replace it with the file itself.")
                continue
            }
            if kind != (isFolder ? S_IFDIR : S_IFREG) {
                problems.append("\(path) is not a \(isFolder ? "folder" : "file").")
                continue
            }
            if info.st_uid != owner {
                problems.append("\(path) belongs to \(OSAccount.name(of: info.st_uid)), not to the workspace's owner \(ownerName): "
                                + "run `chown \(ownerName) '\(path)'` as root.")
            }
            if info.st_mode & 0o022 != 0 {
                let who = info.st_mode & 0o002 != 0 ? "anyone" : "its group"
                let mode = String(info.st_mode & 0o7777, radix: 8)
                let fix = isFolder ? "chmod go-w '\(path)'" : "chmod 600 '\(path)'"
                problems.append("\(path) can be changed by \(who) (mode \(mode)), who could then change who may publish: "
                                + "run `\(fix)` as \(ownerName).")
            }
        }
        return problems
    }
}
