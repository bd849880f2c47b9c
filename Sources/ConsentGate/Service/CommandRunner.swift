import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a caller's command as the service, for the caller: their files are
/// copied in from the socket, the command runs in a child process of this
/// program with the caller's uid (`Caller.environmentKey`), so that it
/// decides, checks roles and records exactly as when the service's own
/// account types it, and its output goes back to the caller.
struct CommandRunner: Sendable {
    let workspace: Workspace
    let executable: String
    let maxBytes: Int

    /// Files left by callers when the service last stopped: never gated, the
    /// callers still hold their own copies and were told it failed.
    func clearUploads() {
        try? FileManager.default.removeItem(atPath: workspace.uploads)
        mkdir(workspace.uploads, 0o700)
    }

    func run(_ request: ServiceRequest, for uid: uid_t, reading connection: UnixSocket) -> ServiceReply {
        if let refusal = request.refusal(maxBytes: maxBytes) { return .refused(refusal) }
        let folder = workspace.uploads + "/" + UUID().uuidString
        guard mkdir(folder, 0o700) == 0 else { return .refused("The service cannot take files now (\(String(cString: strerror(errno)))).") }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var arguments = request.arguments
        var copies: [(copy: String, original: String)] = []
        for (index, file) in request.files.enumerated() {
            let copy = folder + "/\(index)/" + Self.safeName(file.path)
            do {
                mkdir(folder + "/\(index)", 0o700)
                try receive(file.size, into: copy, from: connection)
            } catch {
                return .refused("\(file.path) did not arrive whole (\(error)).")
            }
            arguments = arguments.map { argument in
                if argument == file.path { return copy }
                if argument.hasPrefix("--"), argument.hasSuffix("=" + file.path) { return String(argument.dropLast(file.path.count)) + copy }
                return argument
            }
            copies.append((copy, file.path))
        }
        var reply = runChild(arguments, uid: uid, uploads: folder)
        // The caller sees their own paths, not the service's copies.
        for (copy, original) in copies {
            reply.stdout = reply.stdout.replacingOccurrences(of: copy, with: original)
            reply.stderr = reply.stderr.replacingOccurrences(of: copy, with: original)
        }
        return reply
    }

    private func receive(_ size: Int, into path: String, from connection: UnixSocket) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw UnixSocket.Failure("cannot write \(path)") }
        defer { close(fd) }
        // At least 256 KB a second: a caller cannot hold one of the service's few places by trickling.
        connection.deadline = Date().addingTimeInterval(30 + Double(size) / 262_144)
        var left = size
        while left > 0 {
            let chunk = try connection.read(exactly: min(left, 1 << 20))
            let written = chunk.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written == chunk.count else { throw UnixSocket.Failure("cannot write \(path)") }
            left -= chunk.count
        }
    }

    private func runChild(_ arguments: [String], uid: uid_t, uploads scratch: String) -> ServiceReply {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--workspace", workspace.root] + arguments
        // Not the folder the service was started from, which its account may not enter.
        process.currentDirectoryURL = URL(fileURLWithPath: workspace.root)
        var environment = ProcessInfo.processInfo.environment.filter { ["PATH", "LANG", "LC_ALL", "TZ", "HOME", "XDG_CACHE_HOME", "CONSENTGATE_FACE_DETECTOR"].contains($0.key) }
        environment[Caller.environmentKey] = String(uid)
        environment[Caller.uploadsKey] = scratch
        process.environment = environment
        let outPath = scratch + "/stdout", errPath = scratch + "/stderr"
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        UnixSocket.inheritance.lock()
        let out = FileManager.default.createFile(atPath: outPath, contents: nil, attributes: [.posixPermissions: 0o600])
            ? FileHandle(forWritingAtPath: outPath) : nil
        let err = FileManager.default.createFile(atPath: errPath, contents: nil, attributes: [.posixPermissions: 0o600])
            ? FileHandle(forWritingAtPath: errPath) : nil
        guard let out, let err else {
            UnixSocket.inheritance.unlock()
            return .refused("The service cannot run the command now.")
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
            UnixSocket.inheritance.unlock()
        } catch {
            UnixSocket.inheritance.unlock()
            return .refused("The service cannot run the command (\(error.localizedDescription)).")
        }
        // Not waitUntilExit: on Linux it spins a run loop with nothing in it.
        finished.wait()
        try? out.close()
        try? err.close()
        func text(_ path: String) -> String {
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        let status = process.terminationReason == .exit ? process.terminationStatus : 1
        return ServiceReply(stdout: text(outPath), stderr: text(errPath), status: status)
    }

    /// The caller's file name, as a name and nothing else.
    static func safeName(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent.replacingOccurrences(of: "/", with: "_")
        return name.isEmpty || name == "." || name == ".." || name.hasPrefix(".") ? "photo" + name : name
    }
}
