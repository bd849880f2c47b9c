import ArgumentParser
import ConsentGate
import Foundation

/// The command line of anyone but the service's account: the same command,
/// sent to the service, its answer printed as if it had run here.
enum ServiceClient {
    static func forward(_ command: ServedCommand, workspace: Workspace) throws -> ExitCode {
        var files: [(path: String, fd: Int32, size: Int)] = []
        defer { for file in files { close(file.fd) } }
        for path in command.callerFiles where !files.contains(where: { $0.path == path }) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            var info = stat()
            guard fd >= 0, fstat(fd, &info) == 0 else { throw fail("cannot read \(path): \(String(cString: strerror(errno))).") }
            guard info.st_mode & S_IFMT == S_IFREG else {
                close(fd)
                throw fail("\(path) is not a file.")
            }
            files.append((path, fd, Int(info.st_size)))
        }
        let socket: UnixSocket
        do {
            socket = try UnixSocket.connect(to: workspace.socketPath)
        } catch {
            throw fail("""
                the consentgate service is not running (\(error)). Your account reaches the workspace only through it: \
                ask whoever looks after this machine to start it (systemctl start consentgate).
                """)
        }
        let request = ServiceRequest(arguments: arguments(), files: files.map { .init(path: $0.path, size: $0.size) })
        do {
            var header = try JSONEncoder().encode(request)
            header.append(UInt8(ascii: "\n"))
            // A request refused at its header is answered before its files are read: the answer still says why.
            do {
                try socket.write([UInt8](header))
                for file in files { try send(file.fd, size: file.size, path: file.path, over: socket) }
            } catch {}
            let line = try socket.readLine(limit: 256 << 20)
            let reply = try JSONDecoder().decode(ServiceReply.self, from: Data(line))
            FileHandle.standardOutput.write(Data(reply.stdout.utf8))
            FileHandle.standardError.write(Data(reply.stderr.utf8))
            return ExitCode(reply.status)
        } catch {
            throw fail("the consentgate service did not answer (\(error)); nothing is known to have been recorded.")
        }
    }

    /// This command line without its --workspace: the service has its own.
    static func arguments() -> [String] {
        var arguments: [String] = []
        var skipNext = false
        for argument in CommandLine.arguments.dropFirst() {
            if skipNext { skipNext = false; continue }
            if argument == "--workspace" { skipNext = true; continue }
            if argument.hasPrefix("--workspace=") { continue }
            arguments.append(argument)
        }
        return arguments
    }

    private static func send(_ fd: Int32, size: Int, path: String, over socket: UnixSocket) throws {
        var left = size
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while left > 0 {
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, left)) }
            guard got > 0 else { throw UnixSocket.Failure(message: "\(path) changed while it was being sent") }
            try socket.write(Array(buffer[0 ..< got]))
            left -= got
        }
    }
}
