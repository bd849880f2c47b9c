import Foundation

/// Real OS accounts for a test (the tests run as root, as CI does): made
/// with useradd, each with a group of its own, removed when the value goes.
public final class OSAccounts: @unchecked Sendable {
    public let names: [String]

    /// One account per role, named `cg<role><random>` so that tests running
    /// at once never share one.
    public init(_ roles: [String]) throws {
        let tag = String(UInt32.random(in: 0 ... .max), radix: 36)
        var made: [String] = []
        for role in roles {
            let name = "cg\(role.prefix(8))\(tag)".lowercased()
            try Self.retryingLocks {
                try ChildProcess.run("/usr/sbin/useradd", ["--system", "--user-group", "--no-create-home",
                                                           "--shell", "/usr/sbin/nologin", name])
            }
            made.append(name)
        }
        names = made
    }

    public subscript(_ index: Int) -> String { names[index] }

    public func uid(_ name: String) -> uid_t { getpwnam(name)!.pointee.pw_uid }
    public func gid(_ name: String) -> gid_t { getpwnam(name)!.pointee.pw_gid }

    /// Runs a program as `account` (runuser, no login shell).
    public func run(as account: String, _ executable: String, _ arguments: [String]) throws -> ChildProcess {
        try ChildProcess.run("/usr/sbin/runuser", ["-u", account, "--", executable] + arguments)
    }

    deinit {
        for name in names { _ = try? Self.retryingLocks { try ChildProcess.run("/usr/sbin/userdel", [name]) } }
    }

    /// useradd and userdel refuse to run while another holds /etc/passwd's lock.
    private static func retryingLocks(_ body: () throws -> ChildProcess) throws {
        for _ in 0 ..< 50 {
            let result = try body()
            if result.status == 0 { return }
            guard result.stderr.contains("lock") else {
                throw NSError(domain: "OSAccounts", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: result.stderr])
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw NSError(domain: "OSAccounts", code: 1, userInfo: [NSLocalizedDescriptionKey: "/etc/passwd stayed locked"])
    }
}
