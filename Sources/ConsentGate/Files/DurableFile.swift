import Foundation

/// Writes that survive a crash or a power cut: a file is either absent or
/// whole, never half-written, and its name is on disk before we move on.
public enum DurableFile {
    /// Writes to a temporary file beside `path`, fsyncs it, renames it into
    /// place and fsyncs the directory.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(DurableFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/.\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw DurableFileError(path: temporary, operation: "create") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                close(fd)
                unlink(temporary)
                throw DurableFileError(path: temporary, operation: "write")
            }
            written += count
        }
        guard fchmod(fd, mode) == 0, fsync(fd) == 0 else {
            close(fd)
            unlink(temporary)
            throw DurableFileError(path: temporary, operation: "sync")
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw DurableFileError(path: path, operation: "rename into place")
        }
        try syncDirectory(directory)
    }

    /// Removes the temporary files of writers that died before renaming
    /// them into place (kill -9, a power cut): dot files ending in .tmp whose
    /// writer's process id, kept in the name, no longer exists.
    public static func removeAbandonedTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var removed = false
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.split(separator: ".")  // name, extension, pid, random, "tmp"
            guard parts.count >= 4, let pid = pid_t(parts[parts.count - 3]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink(directory + "/" + name)
                removed = true
            }
        }
        if removed { try? syncDirectory(directory) }
    }

    /// Makes a rename or an unlink in `directory` durable.
    public static func syncDirectory(_ directory: String) throws(DurableFileError) {
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableFileError(path: directory, operation: "open directory") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw DurableFileError(path: directory, operation: "sync directory") }
    }
}

public struct DurableFileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let reason: String

    init(path: String, operation: String) {
        self.path = path
        self.operation = operation
        self.reason = String(cString: strerror(errno))
    }

    public var description: String { "could not \(operation) \(path): \(reason)" }
}
