import Foundation

/// What is in an inbox, and what is ready to take. A file is taken only when
/// it is a regular file, not empty, and its size and modification time have
/// not changed for the quiet interval: SMB and NFS do not always send close
/// events, and a half-copied photo must never be gated.
struct InboxScan {
    enum Kind: Equatable {
        case photo
        case sidecar
        /// Refused without being read: a symbolic link, a file with other hard links.
        case unsafe(Reason.Code)
        case ignored
    }

    struct Entry: Equatable {
        let path: String
        let name: String
        let kind: Kind
        let size: Int64
        let modified: Double
        let owner: uid_t
    }

    static let sidecarExtensions: Set<String> = ["json", "yaml", "yml"]

    /// Names that belong to copies in progress or to the system, never photos.
    static func isTemporary(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return name.hasPrefix(".") || name.hasPrefix("~$") || name.hasPrefix("~")
            || [".part", ".crdownload", ".tmp", ".partial", ".download", ".!sync", ".swp", "~"].contains(where: lowered.hasSuffix)
            || ["thumbs.db", "desktop.ini"].contains(lowered)
    }

    static func entries(in folder: String) -> [Entry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.sorted().compactMap { name in
            let path = folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            let kind: Kind
            let mode = info.st_mode & S_IFMT
            if isTemporary(name) { kind = .ignored }
            else if mode == S_IFLNK { kind = .unsafe(.fileSymbolicLink) }
            else if mode != S_IFREG { kind = .ignored }
            else if info.st_nlink > 1 { kind = .unsafe(.fileHardLinked) }
            else if sidecarExtensions.contains((name as NSString).pathExtension.lowercased()) { kind = .sidecar }
            else { kind = .photo }
            let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            return Entry(path: path, name: name, kind: kind, size: Int64(info.st_size), modified: modified, owner: info.st_uid)
        }
    }
}

/// Remembers what each file looked like when last seen, to tell when it
/// has been quiet long enough.
struct QuietTracker {
    private var seen: [String: (size: Int64, modified: Double, since: Double)] = [:]

    /// Records a sighting and says how long the file has looked the same.
    mutating func quietFor(_ entry: InboxScan.Entry, now: Double) -> Double {
        if let last = seen[entry.path], last.size == entry.size, last.modified == entry.modified {
            return now - last.since
        }
        // Quiet only as observed here: some copy tools set an old
        // modification time before the last byte is written.
        seen[entry.path] = (entry.size, entry.modified, now)
        return 0
    }

    mutating func forget(_ path: String) { seen[path] = nil }

    mutating func keepOnly(_ paths: Set<String>) { seen = seen.filter { paths.contains($0.key) } }
}
