import Foundation
import ServiceLifecycle

/// The watch daemon as a swift-service-lifecycle Service: graceful shutdown
/// (SIGTERM, SIGINT) or cancellation stops the taking of new files and lets
/// the photos in hand finish; an idle watcher stops at once.
public struct WatchService: Service {
    let watcher: Watcher
    let once: Bool

    public init(watcher: Watcher, once: Bool) {
        self.watcher = watcher
        self.once = once
    }

    public func run() async throws {
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                // The watcher blocks (inotify, libvips): it gets its own
                // thread, not one of the cooperative pool's.
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                    Thread {
                        do {
                            try watcher.run(once: once)
                            continuation.resume()
                        } catch {
                            continuation.resume(throwing: error)
                        }
                    }.start()
                }
            } onGracefulShutdown: {
                watcher.stop()
            }
        } onCancel: {
            watcher.stop()
        }
    }
}
