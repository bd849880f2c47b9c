import Foundation

/// What goes over the service's socket. The caller sends one JSON line, a
/// `ServiceRequest`, then the bytes of each of its files in order (the
/// service cannot read a person's home folder, and must not trust a path
/// it is told); the service answers with one JSON line, a `ServiceReply`.
public struct ServiceRequest: Codable, Sendable {
    /// The command line after `consentgate`, without --workspace: the
    /// service's workspace is the only one.
    public var arguments: [String]
    public var files: [File]

    public struct File: Codable, Sendable {
        /// The path as the caller gave it, in the arguments: replaced there by the service's copy.
        public var path: String
        public var size: Int
        public init(path: String, size: Int) { self.path = path; self.size = size }
    }

    public init(arguments: [String], files: [File]) {
        self.arguments = arguments
        self.files = files
    }

    /// The first words of a command line the service runs for others; init,
    /// watch, serve and doctor are its own account's.
    public static let servedCommands: Set<String> = ["submit", "status", "audit", "ledger", "staff", "register", "review"]

    /// Why the service will not run this request, or nil.
    public func refusal(maxBytes: Int) -> String? {
        guard let first = arguments.first, Self.servedCommands.contains(first) else {
            return "The service runs only " + Self.servedCommands.sorted().joined(separator: ", ") + " for other accounts."
        }
        if arguments.contains(where: { $0.hasPrefix("--workspace") || $0.hasPrefix("--config") }) {
            return "The service has one workspace and one configuration; --workspace and --config are not for it."
        }
        guard arguments.count <= 1_000, files.count <= 200 else { return "Too many arguments or files in one request." }
        if files.contains(where: { $0.size < 0 || $0.size > maxBytes }) {
            return "A file is larger than the \(maxBytes / 1_048_576) MB the gate takes."
        }
        if files.reduce(0, { $0 + $1.size }) > 2 << 30 { return "More than 2 GB in one request: submit the photos in smaller batches." }
        return nil
    }
}

public struct ServiceReply: Codable, Sendable {
    public var stdout: String
    public var stderr: String
    public var status: Int32

    public init(stdout: String, stderr: String, status: Int32) {
        self.stdout = stdout
        self.stderr = stderr
        self.status = status
    }

    static func refused(_ message: String) -> ServiceReply {
        ServiceReply(stdout: "", stderr: "consentgate: \(message)\n", status: 1)
    }
}

extension Workspace {
    /// The service's door: staff pass through the workspace folder (0711) to reach it.
    public var socketPath: String { root + "/consentgate.sock" }
    /// Where the files callers send wait while their command runs; emptied at start.
    public var uploads: String { root + "/uploads" }
}
