import Foundation

/// Linux inotify on a set of folders: wakes the watcher when a file is
/// closed after writing or moved in. Events only say "look here now"; the
/// scan decides what is ready, so a lost event costs time, never a photo.
final class Inotify: @unchecked Sendable {
    enum Wake: Equatable {
        /// Something changed in these folders.
        case changed(Set<String>)
        /// The kernel's queue overflowed: everything must be rescanned.
        case overflow
        case timeout
    }

    private let fd: Int32
    private var folders: [Int32: String] = [:]

    init() throws {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw WatchError("inotify is not available (\(String(cString: strerror(errno)))).") }
    }

    deinit { close(fd) }

    func watch(_ folder: String) {
        guard !folders.values.contains(folder) else { return }
        let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_ATTRIB)
        let descriptor = inotify_add_watch(fd, folder, mask)
        if descriptor >= 0 { folders[descriptor] = folder }
    }

    /// Blocks up to `timeout` seconds for events.
    func wait(timeout: Double) -> Wake {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(max(0, min(timeout, 3600)) * 1000))
        guard ready > 0 else { return .timeout }
        var changed: Set<String> = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (descriptor, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, UInt32) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, event.len)
                }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { return .overflow }
                if let folder = folders[descriptor] { changed.insert(folder) }
                offset += MemoryLayout<inotify_event>.size + Int(length)
            }
        }
        return .changed(changed)
    }
}

public struct WatchError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
