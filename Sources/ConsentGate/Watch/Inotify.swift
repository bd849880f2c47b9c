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
        /// Someone signalled the `WakeSignal` waited on (a stop).
        case woken
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

    /// Blocks up to `timeout` seconds for events, or until `signal` is signalled.
    func wait(timeout: Double, or signal: WakeSignal? = nil) -> Wake {
        var pollers = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        if let signal { pollers.append(pollfd(fd: signal.fd, events: Int16(POLLIN), revents: 0)) }
        let ready = poll(&pollers, nfds_t(pollers.count), Int32(max(0, min(timeout, 3600)) * 1000))
        guard ready > 0 else { return .timeout }
        if pollers.count > 1, pollers[1].revents != 0 { return .woken }
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

/// A pipe another thread can signal to end an `Inotify.wait` early: once
/// signalled it stays readable (nothing reads it), so every later wait
/// returns at once.
final class WakeSignal: Sendable {
    /// The end to wait on; -1 if no pipe could be made (waits then time out as before).
    let fd: Int32
    private let writer: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC); _ = fcntl(end, F_SETFL, O_NONBLOCK) }
        }
        (fd, writer) = (ends[0], ends[1])
    }

    deinit {
        if fd >= 0 { close(fd) }
        if writer >= 0 { close(writer) }
    }

    func signal() {
        var byte: UInt8 = 1
        if writer >= 0 { _ = write(writer, &byte, 1) }
    }
}

public struct WatchError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
