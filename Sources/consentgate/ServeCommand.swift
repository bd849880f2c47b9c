import ArgumentParser
import ConsentGate
import Imaging
import Foundation
import Logging
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand, OwnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The gate's service: the staff inboxes, and the socket through which everyone else acts.",
        discussion: """
            Runs as the workspace's own account (systemd: Config/consentgate.service), the only one that can \
            read or write its database, register, archive and ledger. Other accounts' commands (submit, status, \
            audit, staff, register, ledger) come through its socket, consentgate.sock in the workspace; the \
            kernel tells it who each caller is, and each is checked against their role. SIGTERM or SIGINT \
            finishes the photos and commands in hand and exits.
            """)

    @ParentCommand var consentgate: ConsentGateCommand
    var global: GlobalOptions { consentgate.global }

    func run() async throws {
        LoggingSystem.bootstrap { EscapingLogHandler(inner: StreamLogHandler.standardError(label: $0)) }
        var logger = Logger(label: "consentgate.serve")
        logger.logLevel = .info
        let workspace = global.workspaceFolder
        let settings = try global.settings()
        let store = try global.store()
        try noteSettings(workspace, store)
        Renderer.prepare()
        CacheFolder.use()
        let watcher = Watcher(workspace: workspace, settings: settings, store: store, logger: logger)
        let socket = SocketService(workspace: workspace, executable: Self.executable, maxBytes: settings.limits.maxBytes, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: WatchService(watcher: watcher, once: false)), .init(service: socket)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            throw fail("\(error)")
        }
    }

    /// This program, for the commands run for callers: the very binary
    /// running, by the kernel's name for it (still itself after `make
    /// install` replaces the file, and whatever argv[0] said).
    static let executable = "/proc/self/exe"
}

/// A configuration edited since the service last read it is a change like any other: into the ledger.
func noteSettings(_ workspace: Workspace, _ store: Store) throws {
    do { try store.recordSettings(version: workspace.configVersion) } catch { throw fail(error.message) }
}
