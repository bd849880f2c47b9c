import Foundation
import Imaging

/// Where rendered watermark text is kept between runs: $XDG_CACHE_HOME or
/// ~/.cache, under consentgate/. Losing it costs a few milliseconds.
public enum CacheFolder {
    public static func use(_ explicit: String? = nil) {
        let environment = ProcessInfo.processInfo.environment
        let base = explicit
            ?? environment["XDG_CACHE_HOME"].map { $0 + "/consentgate" }
            ?? environment["HOME"].map { $0 + "/.cache/consentgate" }
        guard let base else { return }
        do {
            try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            RenderCache.persist(in: base)
        } catch {
            RenderCache.persist(in: nil)
        }
    }
}
