import Foundation
import Logging
import ServiceLifecycle

/// The service's socket as a swift-service-lifecycle Service: each caller
/// is named by the kernel and served on a thread of its own; graceful
/// shutdown stops taking callers and lets the ones in hand finish.
public struct SocketService: Service {
    let workspace: Workspace
    let runner: CommandRunner
    let logger: Logger
    private let state = State()

    public init(workspace: Workspace, executable: String, maxBytes: Int, logger: Logger) {
        self.workspace = workspace
        self.runner = CommandRunner(workspace: workspace, executable: executable, maxBytes: maxBytes)
        self.logger = logger
    }

    public func run() async throws {
        runner.clearUploads()
        let listener = try UnixSocket.listen(at: workspace.socketPath, mode: 0o666)
        logger.info("listening at \(workspace.relative(workspace.socketPath))")
        try await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    Thread { [state, runner, logger] in
                        while !state.stopping {
                            guard let connection = listener.accept(timeout: 200) else { continue }
                            guard let uid = connection.peerUID else { continue }
                            // A school has a handful of people at once; more is a loop gone wrong, not a queue to build.
                            guard state.begin(uid, limit: Self.maxCallers, perCaller: Self.maxPerCaller) else {
                                Self.send(.refused("The service is busy with other requests; try again in a minute."), to: connection)
                                continue
                            }
                            Thread {
                                defer { state.end(uid) }
                                Self.serve(connection, uid: uid, runner: runner, logger: logger)
                            }.start()
                        }
                        state.waitUntilIdle()
                        continuation.resume()
                    }.start()
                }
            } onGracefulShutdown: {
                state.stop()
            }
        } onCancel: {
            state.stop()
        }
        unlink(workspace.socketPath)
        try Task.checkCancellation()
    }

    static func serve(_ connection: UnixSocket, uid: uid_t, runner: CommandRunner, logger: Logger) {
        connection.setTimeout(seconds: 5)
        let reply: ServiceReply
        do {
            connection.deadline = Date().addingTimeInterval(10)
            let header = try connection.readLine(limit: 1 << 20)
            let request = try JSONDecoder().decode(ServiceRequest.self, from: Data(header))
            // Logged by command and uid alone: no names, no captions, no file names.
            let words = request.arguments.prefix(2).filter { Self.loggedWords.contains($0) }
            logger.info("uid \(uid): \(words.joined(separator: " "))")
            reply = runner.run(request, for: uid, reading: connection)
        } catch {
            reply = .refused("The request could not be read (\(error)).")
        }
        send(reply, to: connection)
    }

    static func send(_ reply: ServiceReply, to connection: UnixSocket) {
        var line = (try? JSONEncoder().encode(reply)) ?? Data()
        line.append(UInt8(ascii: "\n"))
        try? connection.write([UInt8](line))
    }

    static let maxCallers = 8
    static let maxPerCaller = 2

    static let loggedWords: Set<String> = ServiceRequest.servedCommands.union(["add", "list", "show", "import", "withdraw", "verify", "approve", "reject"])

    /// Whether to stop, and how many callers are in hand.
    final class State: @unchecked Sendable {
        private let condition = NSCondition()
        private var active = 0
        private var byCaller: [uid_t: Int] = [:]
        private var stopped = false

        var stopping: Bool { condition.lock(); defer { condition.unlock() }; return stopped }
        func stop() { condition.lock(); stopped = true; condition.unlock() }
        func begin(_ uid: uid_t, limit: Int, perCaller: Int) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            guard active < limit, byCaller[uid, default: 0] < perCaller else { return false }
            active += 1
            byCaller[uid, default: 0] += 1
            return true
        }
        func end(_ uid: uid_t) {
            condition.lock()
            active -= 1
            byCaller[uid, default: 1] -= 1
            condition.broadcast()
            condition.unlock()
        }
        func waitUntilIdle() {
            condition.lock()
            while active > 0 { condition.wait() }
            condition.unlock()
        }
    }
}
