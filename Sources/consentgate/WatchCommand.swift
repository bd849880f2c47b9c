import ArgumentParser
import ConsentGate
import Imaging
import Foundation
import Logging
import ServiceLifecycle

struct WatchCommand: AsyncParsableCommand, OwnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Gate every photo dropped into the staff inboxes.",
        discussion: """
            Each designated person has an inbox, inbox/<staff-id>/. A photo is taken once it has stopped \
            changing, with its sidecar (NAME.json or NAME.yaml) if one arrives, and gated exactly as \
            `submit` does, its poster being the account that owns the file. SIGTERM or SIGINT finishes \
            the photos in hand and exits. With --once, gates what is there now and exits (for cron and tests).
            """)

    @ParentCommand var consentgate: ConsentGateCommand
    var global: GlobalOptions { consentgate.global }
    @Flag(help: "Gate what is in the inboxes now, then exit.") var once = false

    func run() async throws {
        LoggingSystem.bootstrap { EscapingLogHandler(inner: StreamLogHandler.standardError(label: $0)) }
        var logger = Logger(label: "consentgate.watch")
        logger.logLevel = .info
        let settings = try global.settings()
        let store = try global.store()
        try noteSettings(global.workspaceFolder, store)
        Renderer.prepare()
        CacheFolder.use()
        let watcher = Watcher(workspace: global.workspaceFolder, settings: settings, store: store, logger: logger)
        let service = WatchService(watcher: watcher, once: once)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            throw fail("\(error)")
        }
    }
}
