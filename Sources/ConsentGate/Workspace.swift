import Foundation

/// A school's consentgate folder:
///
///     consentgate.yaml, logo.png   the configuration (copied from Config/ by init)
///     consentgate.sqlite           register, staff, ledger
///     inbox/<staff-id>/            each designated person's drop folder, theirs and the service's alone
///     inbox/<staff-id>/replies/    what became of each photo they dropped
///     published/<channel>/         approved derivatives, ready to post
///     archive/                     approved originals, private (0600)
///     rejected/<date>-<key>/       refused originals with reasons.txt and reasons.json
///     held/<date>-<key>/           photos waiting for a reviewer (faces nobody declared)
public struct Workspace: Sendable {
    public let root: String

    /// Made absolute at once: root may go on as the workspace's owner, who
    /// may not be able to enter the folder a relative path started from.
    public init(_ root: String) {
        let absolute = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        self.root = (absolute as NSString).standardizingPath
    }

    public var databasePath: String { root + "/consentgate.sqlite" }
    public var configPath: String { root + "/consentgate.yaml" }
    public var archive: String { root + "/archive" }
    public var rejected: String { root + "/rejected" }
    /// Photos waiting for a reviewer: original, would-be derivative, reasons, faces.
    public var held: String { root + "/held" }
    public var inboxes: String { root + "/inbox" }
    public func published(_ channel: String) -> String { root + "/published/" + channel }
    public func inbox(_ staffID: String) -> String { inboxes + "/" + staffID }

    public func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// Removes the temporary files of outcome writes killed before their
    /// rename (dot files whose writer's pid is gone), so no half-written
    /// derivative lies in published/. Run by every command that files outcomes.
    public func removeAbandonedTemporaries() {
        let published = root + "/published"
        let channels = (try? FileManager.default.contentsOfDirectory(atPath: published)) ?? []
        let outcomes = [rejected, held].flatMap { parent in
            [parent] + ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { !$0.hasPrefix(".") }.map { parent + "/" + $0 }
        }
        let folders = channels.map { published + "/" + $0 } + [archive] + outcomes
        for folder in folders { DurableFile.removeAbandonedTemporaries(in: folder) }
    }

    public func settings(explicit: String? = nil) throws(SettingsError) -> Settings {
        try SettingsLocator.load(explicit: explicit, workspace: root)
    }

    /// The database of an existing workspace, refused when it is not one
    /// (only `init` makes one: a forgotten --workspace must not leave a
    /// database and a child's photo in whatever folder was current) or when
    /// others could change it (`unsafeFiles`).
    public func store() throws(StoreError) -> Store {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError("The workspace \(root) does not exist. Create it with `consentgate --workspace \(root) init`.")
        }
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw StoreError("\(root) is not a consentgate workspace (it has no consentgate.sqlite). "
                             + "Name the school's workspace with --workspace or CONSENTGATE_HOME, or make one with `consentgate --workspace DIR init`.")
        }
        if let problem = unsafeFiles().first { throw StoreError(problem) }
        return try openStore()
    }

    /// The database, made if it is not there: for `init`.
    public func createStore() throws(StoreError) -> Store {
        try openStore()
    }

    private func openStore() throws(StoreError) -> Store {
        let store = try Store(path: databasePath)
        // The register's names and safeguarding notes are the service's
        // alone (0600). Root (running `staff add`) leaves the files the
        // workspace owner's. By name without following links, never through
        // a descriptor of our own: closing one would drop SQLite's locks.
        var owner = stat()
        let rootRuns = geteuid() == 0 && stat(root, &owner) == 0
        for suffix in ["", "-wal", "-shm"] {
            var info = stat()
            guard lstat(databasePath + suffix, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            fchmodat(AT_FDCWD, databasePath + suffix, 0o600, AT_SYMLINK_NOFOLLOW)
            if rootRuns { fchownat(AT_FDCWD, databasePath + suffix, owner.st_uid, owner.st_gid, AT_SYMLINK_NOFOLLOW) }
        }
        return store
    }

    /// SHA-256 of the configuration file in force, or `built-in`.
    public var configVersion: String {
        FileManager.default.contents(atPath: configPath).map { Digest.sha256([UInt8]($0)) } ?? "built-in"
    }

    /// Creates the folders (and, from `configFolder`, the configuration),
    /// leaving anything already there as it is. Returns what it created.
    /// A new configuration is written for `school` (its name and logo).
    public func initialise(from configFolder: String?, school: SchoolIdentity? = nil, channels: [String],
                           staff: [StaffMember]) throws(StoreError) -> [String] {
        var created: [String] = []
        func folder(_ path: String, _ mode: Int) throws(StoreError) {
            guard !FileManager.default.fileExists(atPath: path) else { return }
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: mode])
            } catch {
                throw StoreError("Cannot create \(path): \(error.localizedDescription)")
            }
            giveToOwner(path)
            created.append(relative(path) + "/")
        }
        // Staff pass through the workspace and inbox/ to reach their own
        // inbox (execute only: they cannot list either); all else is the service's.
        try folder(root, 0o711)
        if let configFolder, !FileManager.default.fileExists(atPath: configPath) {
            do {
                var text = try String(contentsOfFile: configFolder + "/consentgate.yaml", encoding: .utf8)
                if let school { text = school.personalise(text) }
                try DurableFile.write(Array(text.utf8), to: configPath, mode: 0o600)
                giveToOwner(configPath)
                created.append("consentgate.yaml")
                // The template's logo only with the template's school.
                let logo = school == nil ? configFolder + "/logo.png" : school?.logo
                // A new configuration names logo.png: this school's, never one left from before.
                if let logo, school != nil || !FileManager.default.fileExists(atPath: root + "/logo.png") {
                    try DurableFile.write([UInt8](try Data(contentsOf: URL(fileURLWithPath: logo))), to: root + "/logo.png", mode: 0o600)
                    giveToOwner(root + "/logo.png")
                    if !created.contains("logo.png") { created.append("logo.png") }
                }
            } catch {
                throw StoreError("Cannot write the configuration from \(configFolder): \(error)")
            }
        }
        // Staff pass through the workspace; all but their own inbox is the
        // service's alone (they get their own copies in replies/).
        try folder(root + "/published", 0o700)
        for channel in channels { try folder(published(channel), 0o700) }
        try folder(archive, 0o700)
        try folder(rejected, 0o700)
        try folder(held, 0o700)
        try folder(inboxes, 0o711)
        for member in staff where !member.channels.isEmpty {
            let isNew = !FileManager.default.fileExists(atPath: inbox(member.id))
            try folder(inbox(member.id), 0o770)
            if isNew { shareInbox(member) }
        }
        return created
    }

    /// What root makes in a workspace another account owns (init run as
    /// root in the service's folder) is that account's, as if it had made it.
    func giveToOwner(_ path: String) {
        var owner = stat()
        guard geteuid() == 0, path != root, stat(root, &owner) == 0, owner.st_uid != 0 else { return }
        lchown(path, owner.st_uid, owner.st_gid)
    }

    /// An inbox its staff member and the service can use, and nobody else,
    /// whoever creates it (root, running `staff add`): owned by the member's
    /// account, in the workspace's group (the service's, which staff are
    /// not in), mode 2770, setgid so that what is dropped in it stays in that
    /// group. Best effort: `staff add` says what is wrong (`inboxProblem`),
    /// and the watcher reports an inbox it cannot use.
    func shareInbox(_ member: StaffMember) {
        var workspaceInfo = stat()
        guard stat(root, &workspaceInfo) == 0 else { return }
        let owner = getpwnam(member.account).map { $0.pointee.pw_uid } ?? geteuid()
        let fd = open(inbox(member.id), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = fchown(fd, owner, workspaceInfo.st_gid)
        _ = fchmod(fd, 0o2770)
    }

    /// Root gives the inbox of staff member `id` (made by the workspace's
    /// owner) to `uid`: found from the workspace folder one name at a time,
    /// following no link, so that a link planted in the owner's folder
    /// cannot turn root's chown on something else.
    public func giveInbox(_ id: String, to uid: uid_t) {
        var workspaceInfo = stat()
        guard !id.contains("/"), id != ".", id != "..", stat(root, &workspaceInfo) == 0 else { return }
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { return }
        defer { close(rootFD) }
        let inboxesFD = openat(rootFD, "inbox", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard inboxesFD >= 0 else { return }
        defer { close(inboxesFD) }
        let fd = openat(inboxesFD, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = fchown(fd, uid, workspaceInfo.st_gid)
        _ = fchmod(fd, 0o2770)
    }

    /// What stops `member`'s inbox from being theirs and the service's
    /// alone, in a sentence that says how to fix it; nil when nothing does.
    public func inboxProblem(_ member: StaffMember) -> String? {
        let path = inbox(member.id)
        var info = stat(), workspaceInfo = stat()
        guard lstat(path, &info) == 0, stat(root, &workspaceInfo) == 0 else { return "\(relative(path)) does not exist." }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "\(relative(path)) is not a folder." }
        for folder in [root, inboxes] {
            var passage = stat()
            if stat(folder, &passage) == 0, passage.st_mode & 0o001 == 0 {
                return "\(member.account) cannot pass through \(folder) to reach their inbox: run `chmod o+x '\(folder)'` as root."
            }
        }
        if let account = getpwnam(member.account)?.pointee.pw_uid, info.st_uid != account {
            return "\(relative(path)) belongs to \(OSAccount.name(of: info.st_uid)), not to \(member.account), who cannot drop photos in it: run `chown \(member.account) '\(path)'` as root."
        }
        if info.st_gid != workspaceInfo.st_gid || info.st_mode & 0o7777 != 0o2770 {
            let group = getgrgid(workspaceInfo.st_gid).map { String(cString: $0.pointee.gr_name) } ?? "\(workspaceInfo.st_gid)"
            return "\(relative(path)) must be in the workspace's group with mode 2770, so that the service and \(member.account) alone can use it: run `chgrp \(group) '\(path)' && chmod 2770 '\(path)'` as root."
        }
        return nil
    }
}

/// Operating-system accounts: the poster's identity.
public enum OSAccount {
    /// The account a command acts for: the one running it, or, in a command
    /// the service runs for a caller, the caller the kernel named
    /// (`Caller.environmentKey`, checked in main before anything runs).
    public static var current: String { name(of: Caller.uid) }

    public static func name(of uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }

    public static func exists(_ name: String) -> Bool { getpwnam(name) != nil }
}
