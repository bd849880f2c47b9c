import Foundation

/// Who a command acts for. People other than the service's account reach
/// the workspace through the service's socket; the service learns who they
/// are from the kernel (SO_PEERCRED) and runs the command for them with
/// their uid in `environmentKey`. Honoured only in a process that is the
/// workspace's owner (the service itself): anyone else setting it gains
/// nothing, since they cannot open the workspace.
public enum Caller {
    public static let environmentKey = "CONSENTGATE_CALLER_UID"
    /// Where the service put this request's files: the command accepts no other path as the caller's.
    public static let uploadsKey = "CONSENTGATE_UPLOADS"

    /// The uid the service named, if this command runs for a caller.
    public static var forwardedUID: uid_t? {
        ProcessInfo.processInfo.environment[environmentKey].flatMap { uid_t($0) }
    }

    /// Set once, before a command runs, when root works in a workspace as
    /// its owner: root is still the one who acted, and is recorded so.
    nonisolated(unsafe) public static var rootActsAsOwner = false

    /// The account this command acts for.
    public static var uid: uid_t { forwardedUID ?? (rootActsAsOwner ? 0 : geteuid()) }

    /// Whether this process may open `workspace` itself: it is its owner, or root.
    public static func hasDirectAccess(to workspace: Workspace) -> Bool {
        var info = stat()
        guard stat(workspace.root, &info) == 0 else { return true }  // nothing there: the command says so
        return geteuid() == 0 || geteuid() == info.st_uid
    }

    /// Why a forwarded caller cannot be honoured here, or nil.
    public static func forwardingProblem(in workspace: Workspace) -> String? {
        guard ProcessInfo.processInfo.environment[environmentKey] != nil else { return nil }
        var info = stat()
        guard forwardedUID != nil, stat(workspace.root, &info) == 0, geteuid() == info.st_uid else {
            return "\(environmentKey) is set by the consentgate service for the commands it runs, and by nothing else."
        }
        return nil
    }
}
