import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A Unix stream socket: the only door into the service. The kernel, not
/// the caller, says who is on the other side (SO_PEERCRED).
public final class UnixSocket: @unchecked Sendable {
    public let fd: Int32
    /// When set, a read still waiting after it fails: a caller cannot hold a connection open by dribbling bytes.
    public var deadline: Date?

    init(fd: Int32) { self.fd = fd }

    /// Held while a descriptor exists without close-on-exec (between accept
    /// and fcntl) and while a child is spawned, so that no child inherits
    /// another caller's connection.
    public static let inheritance = NSLock()

    deinit { close(fd) }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ what: String) { description = "\(what): \(String(cString: strerror(errno)))" }
        public init(message: String) { description = message }
    }

    /// Listens at `path`, replacing a socket left by a service that died
    /// (never anything else), with `mode` (0666: the kernel's SO_PEERCRED,
    /// not the file's mode, decides who may do what).
    public static func listen(at path: String, mode: mode_t) throws(Failure) -> UnixSocket {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFSOCK else { throw Failure(message: "\(path) exists and is not a socket.") }
            // Left by a service that died, or the door of one still running: never take that one over.
            if (try? connect(to: path)) != nil { throw Failure(message: "another consentgate service is answering at \(path).") }
            unlink(path)
        }
        let socket = try make()
        var address = try address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket.fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw Failure("cannot listen at \(path)") }
        chmod(path, mode)
        guard Glibc.listen(socket.fd, 16) == 0 else { throw Failure("cannot listen at \(path)") }
        return socket
    }

    public static func connect(to path: String) throws(Failure) -> UnixSocket {
        let socket = try make()
        var address = try address(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket.fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw Failure("cannot reach the consentgate service at \(path)") }
        return socket
    }

    /// The next connection, or nil when none came within `timeout` milliseconds.
    public func accept(timeout: Int32) -> UnixSocket? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeout) == 1 else { return nil }
        Self.inheritance.lock()
        defer { Self.inheritance.unlock() }
        let client = Glibc.accept(fd, nil, nil)
        guard client >= 0 else { return nil }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return UnixSocket(fd: client)
    }

    /// The uid of the process at the other end, from the kernel.
    public var peerUID: uid_t? {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        var credentials = [Int32](repeating: -1, count: 3)
        var length = socklen_t(MemoryLayout<Int32>.size * 3)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0, length == socklen_t(MemoryLayout<Int32>.size * 3) else { return nil }
        return uid_t(bitPattern: credentials[1])
    }

    /// Gives up on a peer that stops sending or reading for `seconds`.
    public func setTimeout(seconds: Int) {
        var time = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    public func write(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw Failure("the connection was lost") }
            offset += written
        }
    }

    /// Exactly `count` bytes, or a failure if the peer stops first.
    public func read(exactly count: Int) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = bytes[offset...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            try checkDeadline()
            if got < 0, errno == EINTR || errno == EAGAIN { continue }
            guard got > 0 else { throw Failure(message: "the connection ended early") }
            offset += got
        }
        return bytes
    }

    /// Bytes up to a newline (not included), at most `limit` of them.
    public func readLine(limit: Int) throws(Failure) -> [UInt8] {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let got = recv(fd, &byte, 1, 0)
            try checkDeadline()
            if got < 0, errno == EINTR || errno == EAGAIN { continue }
            guard got == 1 else { throw Failure(message: "the connection ended early") }
            if byte == UInt8(ascii: "\n") { return line }
            line.append(byte)
            guard line.count <= limit else { throw Failure(message: "a line longer than \(limit) bytes") }
        }
    }

    private func checkDeadline() throws(Failure) {
        if let deadline, Date() > deadline { throw Failure(message: "the caller took too long") }
    }

    private static func make() throws(Failure) -> UnixSocket {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure("cannot make a socket") }
        return UnixSocket(fd: fd)
    }

    private static func address(_ path: String) throws(Failure) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw Failure(message: "the socket path \(path) is longer than \(capacity - 1) bytes") }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        return address
    }
}
