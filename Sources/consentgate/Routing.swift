import ArgumentParser
import ConsentGate
import Foundation

/// A command that acts in a workspace.
protocol WorkspaceCommand: ParsableCommand {
    var global: GlobalOptions { get }
}

/// A command people run through the service: anyone's but the service's own
/// account goes over the socket, and is checked against the role it needs.
protocol ServedCommand: WorkspaceCommand {
    static var action: Action { get }
    /// The arguments that name the caller's own files (photos, a manifest, a
    /// register export): sent over the socket, since the service cannot and
    /// must not open a path it is told.
    var callerFiles: [String] { get }
}

extension ServedCommand {
    var callerFiles: [String] { [] }
}

/// A command only the workspace's own account (or root) runs: init, watch, serve.
protocol OwnerCommand: WorkspaceCommand {}

/// A command with a part only root can do (`staff add` gives a new inbox to
/// its member's account). In a workspace another account owns, root runs
/// the command as that account, then does its own part.
protocol RootCommand: WorkspaceCommand {
    func finishAsRoot(in workspace: Workspace)
}

/// Decides, before a command runs, whether it runs here, goes to the
/// service, or is refused; nil to run it here.
enum Routing {
    static func route(_ command: ParsableCommand) throws -> ExitCode? {
        if Caller.forwardedUID != nil, !(command is ServedCommand) {
            throw fail("the service runs only its callers' own commands.")
        }
        guard let command = command as? WorkspaceCommand else { return nil }
        if command is InitCommand { return nil }
        guard let path = command.global.workspacePath else { throw fail(GlobalOptions.noWorkspace) }
        let workspace = Workspace(path)
        if let problem = Caller.forwardingProblem(in: workspace) { throw fail(problem) }
        guard let served = command as? ServedCommand else {
            if Caller.forwardedUID != nil || !Caller.hasDirectAccess(to: workspace) {
                throw fail("`\(type(of: command).configuration.commandName ?? "this command")` is run by the workspace's own account (\(owner(of: workspace))), or root.")
            }
            try becomeOwner(of: workspace)
            return nil
        }
        if Caller.forwardedUID != nil {
            try admit(served, in: workspace)
            return nil
        }
        if let command = command as? RootCommand, geteuid() == 0, let owner = getpwuid(ownerUID(of: workspace)), owner.pointee.pw_uid != 0 {
            let status = try runAsOwner(owner.pointee, in: workspace)
            if status == 0 { command.finishAsRoot(in: workspace) }
            return ExitCode(status)
        }
        if Caller.hasDirectAccess(to: workspace) {
            try becomeOwner(of: workspace, reading: served.callerFiles)
            return nil
        }
        return try ServiceClient.forward(served, workspace: workspace)
    }

    /// Root works in a workspace another account owns as that account (and
    /// is recorded as root): what it writes is the owner's, as if the
    /// service had written it, and nothing the owner's account could have
    /// planted there (a link where the database's journal should be) is
    /// opened with root's power.
    static func becomeOwner(of workspace: Workspace, reading files: [String] = []) throws {
        var info = stat()
        guard geteuid() == 0, stat(workspace.root, &info) == 0, info.st_uid != 0 else { return }
        guard let entry = getpwuid(info.st_uid) else { throw fail("the workspace's owner, uid \(info.st_uid), has no account.") }
        let owner = String(cString: entry.pointee.pw_name)
        let home = String(cString: entry.pointee.pw_dir)
        Caller.rootActsAsOwner = true
        guard setgroups(0, nil) == 0, setgid(entry.pointee.pw_gid) == 0, setuid(info.st_uid) == 0, geteuid() == info.st_uid else {
            throw fail("cannot act as the workspace's owner \(owner): \(String(cString: strerror(errno))).")
        }
        // Its own cache, not root's, which it can no longer write.
        setenv("HOME", home, 1)
        unsetenv("XDG_CACHE_HOME")
        for file in files where access(file, R_OK) != 0 {
            throw fail("root works in this workspace as its owner \(owner), who cannot read \(file): put it where \(owner) can (e.g. /tmp).")
        }
    }

    /// In the service's child: the caller's files must be the copies the
    /// service made, and the caller must hold the role the command needs.
    static func admit(_ command: ServedCommand, in workspace: Workspace) throws {
        // This request's own copies, exactly as the service wrote their
        // paths (uploads/<request>/<n>/<name>), compared as text: no other
        // request's files, no link, no `..`.
        let uploads = ProcessInfo.processInfo.environment[Caller.uploadsKey] ?? ""
        let request = uploads.dropFirst(workspace.uploads.count + 1)
        guard Caller.forwardedUID == 0 || (uploads.hasPrefix(workspace.uploads + "/") && !request.isEmpty && !request.contains("/") && !request.hasPrefix(".")) else {
            throw fail("the service did not say where this request's files are.")
        }
        for file in command.callerFiles where Caller.forwardedUID != 0 {
            let parts = file.hasPrefix(uploads + "/") ? file.dropFirst(uploads.count + 1).split(separator: "/", omittingEmptySubsequences: false) : []
            guard parts.count == 2, parts[0].allSatisfy(\.isNumber), !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].hasPrefix(".") else {
                throw fail("\(file) was not sent with the request.")
            }
        }
        // A caption or a name typed the same as a file's path was rewritten
        // with it: the copies' paths appear once for each file, no more.
        if CommandLine.arguments.dropFirst().filter({ $0.contains(workspace.uploads) }).count != command.callerFiles.count {
            throw fail("an argument other than a file is written the same as one of the files sent: change it.")
        }
        let store = try command.global.store()
        let settings = try command.global.settings()
        let staff: [StaffMember]
        do { staff = try store.staff() } catch { throw fail(error.message) }
        // Root, whose command this account runs for it, may do anything (it could anyway).
        if Caller.forwardedUID != 0, let refusal = Permission.refusal(of: type(of: command).action, by: OSAccount.current, staff: staff, on: settings.today()) {
            throw fail(refusal)
        }
    }

    /// This command line again, as the workspace's owner acting for root
    /// (uid 0 forwarded: every role), its output straight to this terminal.
    static func runAsOwner(_ owner: passwd, in workspace: Workspace) throws -> Int32 {
        // This very program, through a descriptor the child inherits: the
        // owner may not be able to reach the folder it was started from.
        let program = open("/proc/self/exe", O_RDONLY)
        guard program >= 0 else { throw fail("cannot find this program to run it as the workspace's owner.") }
        defer { close(program) }
        // The workspace by its absolute path: root's current folder may be one the owner cannot enter.
        let arguments = ["/usr/bin/setpriv", "--reuid=\(owner.pw_uid)", "--regid=\(owner.pw_gid)", "--clear-groups", "--",
                         "/proc/self/fd/\(program)", "--workspace", workspace.root] + ServiceClient.arguments()
        var environment = ProcessInfo.processInfo.environment
        environment[Caller.environmentKey] = "0"
        environment["HOME"] = String(cString: owner.pw_dir)
        environment["XDG_CACHE_HOME"] = nil
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], nil, nil, argv, envp)
        guard spawned == 0 else { throw fail("cannot act as the workspace's owner: \(String(cString: strerror(spawned))).") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 1
    }

    static func ownerUID(of workspace: Workspace) -> uid_t {
        var info = stat()
        return stat(workspace.root, &info) == 0 ? info.st_uid : 0
    }

    static func owner(of workspace: Workspace) -> String {
        var info = stat()
        return stat(workspace.root, &info) == 0 ? OSAccount.name(of: info.st_uid) : "its owner"
    }
}
