import Foundation

/// Runs a program to completion and reports what it printed and how much
/// memory it peaked at.
///
/// The peak comes from GNU time wrapped around the program: posix_spawn
/// shares the (large) test process's memory until exec, and Linux records
/// that in the child's own ru_maxrss.
public struct ChildProcess: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// Peak resident memory in KiB.
    public let maxResidentKiB: Int

    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           directory: String? = nil, stdin: String? = nil) throws -> ChildProcess {
        let scratch = TemporaryDirectory()
        let outPath = scratch.file("stdout"), errPath = scratch.file("stderr"), inPath = scratch.file("stdin")
        let peakPath = scratch.file("peak")
        _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var env = ProcessInfo.processInfo.environment
        // libvips starting in this process (another test) points VIPSHOME
        // away from its modules for a moment; a child must not inherit that.
        if env["VIPSHOME"]?.hasPrefix("/nonexistent/consentgate") == true { env["VIPSHOME"] = nil }
        for (key, value) in environment { env[key] = value }
        // `env -C` changes directory and then execs: same process, same rusage.
        let command = ["/usr/bin/time", "-q", "-f", "%M", "-o", peakPath]
            + (directory.map { ["/usr/bin/env", "-C", $0] } ?? []) + [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw SpawnError(executable: executable, code: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return ChildProcess(
            status: exit,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            maxResidentKiB: Int(((try? String(contentsOfFile: peakPath, encoding: .utf8)) ?? "")
                .split(separator: "\n").last.flatMap { Int($0) } ?? -1))
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public let executable: String
        public let code: Int32
        public var description: String { "could not start \(executable): \(String(cString: strerror(code)))" }
    }
}
