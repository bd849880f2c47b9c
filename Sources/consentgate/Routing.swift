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
            return nil
        }
        if Caller.forwardedUID != nil {
            try admit(served, in: workspace)
            return nil
        }
        if Caller.hasDirectAccess(to: workspace) { return nil }
        return try ServiceClient.forward(served, workspace: workspace)
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
