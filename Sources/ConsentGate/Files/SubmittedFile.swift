import Foundation

/// A submitted photo read into memory exactly once, without following
/// symbolic links: the bytes that are hashed, checked and rendered are the
/// same bytes, whatever happens to the path meanwhile.
public struct SubmittedFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// The OS account that owns the file.
    public let ownerUID: UInt32
    public let linkCount: Int

    /// Reads `path`; refusals call the file `name` (the name the person
    /// gave it) when given, else the path's last component.
    public static func read(_ path: String, name given: String? = nil, maxBytes: Int) throws(FileRefusal) -> SubmittedFile {
        let shown = given ?? (path as NSString).lastPathComponent
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            switch errno {
            case ELOOP: throw FileRefusal(.symbolicLink, "\(shown) is a symbolic link; the gate only takes real files.")
            case ENOENT: throw FileRefusal(.missing, "\(shown) does not exist.")
            case EACCES: throw FileRefusal(.unreadable, "\(shown) cannot be read by the gate: it was saved so that only its owner may open it. Save it so that others may read it, and send it again.")
            default: throw FileRefusal(.unreadable, "\(shown) cannot be opened (\(String(cString: strerror(errno)))).")
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileRefusal(.unreadable, "\(shown) cannot be examined.") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileRefusal(.notRegular, "\(shown) is not an ordinary file.")
        }
        guard Int(info.st_size) <= maxBytes else {
            throw FileRefusal(.tooLarge, "\(shown) is \(info.st_size / 1_048_576) MB; the most the gate accepts is \(maxBytes / 1_048_576) MB.")
        }
        // One byte of headroom tells a file that grew while being read
        // without reallocating (and briefly doubling) a multi-megabyte buffer.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= maxBytes else {
                    throw FileRefusal(.tooLarge, "\(shown) is larger than \(maxBytes / 1_048_576) MB.")
                }
                bytes.append(contentsOf: [UInt8](repeating: 0, count: 64 * 1024))
            }
            let got = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                throw FileRefusal(.unreadable, "\(shown) could not be read (\(String(cString: strerror(errno)))).")
            }
            if got == 0 { break }
            filled += got
        }
        guard filled <= maxBytes else {
            throw FileRefusal(.tooLarge, "\(shown) is larger than \(maxBytes / 1_048_576) MB.")
        }
        bytes.removeSubrange(filled...)
        return SubmittedFile(path: path, bytes: bytes, ownerUID: info.st_uid, linkCount: Int(info.st_nlink))
    }

}

/// Why a file could not even be opened as a photo.
public struct FileRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        case symbolicLink = "file.symbolic-link"
        case notRegular = "file.not-regular"
        case missing = "file.missing"
        case unreadable = "file.unreadable"
        case tooLarge = "image.too-large"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
