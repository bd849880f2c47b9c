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

/// A command root runs as root even in a workspace another account owns:
/// `staff add` gives a new inbox to its member's account.
protocol RootCommand: WorkspaceCommand {}

/// Decides, before a command runs, whether it runs here, goes to the
/// service, or is refused; nil to run it here.
enum Routing {
    static func route(_ command: ParsableCommand) throws -> ExitCode? {
        guard let command = command as? WorkspaceCommand else { return nil }
        if command is InitCommand { return nil }
        guard let path = command.global.workspacePath else { throw fail(GlobalOptions.noWorkspace) }
        let workspace = Workspace(path)
        if let problem = Caller.forwardingProblem(in: workspace) { throw fail(problem) }
        guard let served = command as? ServedCommand else {
            if Caller.forwardedUID != nil || !Caller.hasDirectAccess(to: workspace) {
                throw fail("`\(type(of: command).configuration.commandName ?? "this command")` is run by the workspace's own account (\(owner(of: workspace))), or root.")
            }
            try actAsOwner(command, in: workspace)
            return nil
        }
        if Caller.forwardedUID != nil {
            try admit(served, in: workspace)
            return nil
        }
        if Caller.hasDirectAccess(to: workspace) {
            try actAsOwner(command, in: workspace)
            return nil
        }
        return try ServiceClient.forward(served, workspace: workspace)
    }

    /// Root works in a workspace another account owns as that account (and
    /// is recorded as root): what it writes is the owner's, as if the
    /// service had written it, and nothing the owner's account could have
    /// planted there (a link where the database's journal should be) is
    /// opened with root's power.
    static func actAsOwner(_ command: WorkspaceCommand, in workspace: Workspace) throws {
        var info = stat()
        guard geteuid() == 0, !(command is RootCommand), stat(workspace.root, &info) == 0, info.st_uid != 0 else { return }
        let owner = OSAccount.name(of: info.st_uid)
        Caller.rootActsAsOwner = true
        guard setgroups(0, nil) == 0, setgid(info.st_gid) == 0, setuid(info.st_uid) == 0, geteuid() == info.st_uid else {
            throw fail("cannot act as the workspace's owner \(owner): \(String(cString: strerror(errno))).")
        }
        for file in (command as? ServedCommand)?.callerFiles ?? [] where access(file, R_OK) != 0 {
            throw fail("root works in this workspace as its owner \(owner), who cannot read \(file): put it where \(owner) can (e.g. /tmp).")
        }
    }

    /// In the service's child: the caller's files must be the copies the
    /// service made, and the caller must hold the role the command needs.
    static func admit(_ command: ServedCommand, in workspace: Workspace) throws {
        for file in command.callerFiles {
            let path = (file as NSString).standardizingPath
            guard path.hasPrefix(workspace.uploads + "/"), !path.contains("/../") else {
                throw fail("\(file) was not sent with the request.")
            }
        }
        let store = try command.global.store()
        let settings = try command.global.settings()
        let staff: [StaffMember]
        do { staff = try store.staff() } catch { throw fail(error.message) }
        if let refusal = Permission.refusal(of: type(of: command).action, by: OSAccount.current, staff: staff, on: settings.today()) {
            throw fail(refusal)
        }
    }

    static func owner(of workspace: Workspace) -> String {
        var info = stat()
        return stat(workspace.root, &info) == 0 ? OSAccount.name(of: info.st_uid) : "its owner"
    }
}
