import Foundation

/// What each staff member is told about the photos they dropped: a
/// `replies/` folder in their own inbox holding, per photo, a note in plain
/// words (the name they gave it, the decision, every reason) and, when it
/// was published, the published copy. Only they and the service can open
/// their inbox (their account and the service's group, mode 2770), so
/// only they read their replies.
///
/// The inbox is theirs to write in, so nothing in it is trusted: the folder
/// is opened without following links and used only if it is the service's
/// own; every file is written under a fresh name inside it and renamed into
/// place, and old ones are removed through that folder alone.
struct Replies {
    static let folderName = "replies"
    private static let naming = NSLock()
    let inbox: String

    /// Whether `path` is an inbox's replies folder as the service made it
    /// (a folder of that name made by anyone else is a dropped folder).
    static func isRepliesFolder(_ path: String) -> Bool {
        var info = stat()
        return (path as NSString).lastPathComponent == folderName && lstat(path, &info) == 0
            && info.st_mode & S_IFMT == S_IFDIR && info.st_uid == geteuid()
    }

    /// Files the note (and, for a published photo, its published copy),
    /// replacing the note of the same decision written before a crash.
    func file(_ note: ReplyNote) throws(RepliesError) {
        // Two photos of the same name decided at once must not both take it.
        Self.naming.lock()
        defer { Self.naming.unlock() }
        let folder = try open()
        defer { close(folder) }
        let base = try freeName(for: note, in: folder)
        if note.outcome.status == .approved, let derivative = note.outcome.derivative,
           let bytes = FileManager.default.contents(atPath: derivative) {
            try put([UInt8](bytes), as: base + "." + (derivative as NSString).pathExtension, in: folder)
        }
        try put(Array(note.text.utf8), as: base + ".txt", in: folder)
        guard fsync(folder) == 0 else { throw RepliesError.system("cannot sync the replies folder") }
    }

    /// A note that is not about a decision (a folder whose photos cannot be
    /// taken), under its own name, replacing an earlier one of that name.
    func tell(_ text: String, as name: String) throws(RepliesError) {
        Self.naming.lock()
        defer { Self.naming.unlock() }
        let folder = try open()
        defer { close(folder) }
        try put(Array(text.utf8), as: Self.safe(name) + ".txt", in: folder)
        guard fsync(folder) == 0 else { throw RepliesError.system("cannot sync the replies folder") }
    }

    /// Removes replies (and abandoned temporary files) older than `seconds`.
    func prune(olderThan seconds: Double, now: Date = Date()) throws(RepliesError) {
        let folder = try open()
        defer { close(folder) }
        let cutoff = now.timeIntervalSince1970 - seconds
        for name in try names(in: folder) {
            var info = stat()
            guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG,
                  Double(info.st_mtim.tv_sec) < cutoff else { continue }
            unlinkat(folder, name, 0)
        }
    }

    /// The replies folder, made if missing, opened without following a
    /// link, and refused unless this account made it.
    private func open() throws(RepliesError) -> Int32 {
        let parent = Glibc.open(inbox, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard parent >= 0 else { throw RepliesError.system("cannot open the inbox") }
        defer { close(parent) }
        if mkdirat(parent, Self.folderName, 0o755) != 0, errno != EEXIST {
            throw RepliesError.system("cannot make the replies folder")
        }
        let folder = openat(parent, Self.folderName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard folder >= 0 else { throw RepliesError.system("the replies folder is not a folder") }
        var info = stat()
        guard fstat(folder, &info) == 0, info.st_uid == geteuid() else {
            close(folder)
            throw RepliesError("the replies folder was made by another account (uid \(info.st_uid)), so it is not written to")
        }
        _ = fchmod(folder, 0o755)
        return folder
    }

    /// "<name> - published", "<name> - held for review" or "<name> - not published", with " (2)", " (3)"...
    /// when that name already holds the note of another decision. The note
    /// of this same decision (a crash came before the photo was released)
    /// is replaced, never repeated.
    private func freeName(for note: ReplyNote, in folder: Int32) throws(RepliesError) -> String {
        let base = Self.safe(note.name) + (note.outcome.status == .approved ? " - published"
                                           : note.outcome.status == .held ? " - held for review" : " - not published")
        for attempt in 1 ... 1_000 {
            let candidate = attempt == 1 ? base : base + " (\(attempt))"
            guard let existing = read(candidate + ".txt", in: folder) else { return candidate }
            if existing.hasSuffix(note.ledgerLine + "\n") { return candidate }
        }
        throw RepliesError("too many replies of the same name")
    }

    /// A note this account wrote, or nil.
    private func read(_ name: String, in folder: Int32) -> String? {
        let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 1 << 20 else { return "" }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        return count == bytes.count ? String(decoding: bytes, as: UTF8.self) : ""
    }

    /// Writes a fresh temporary file and renames it over `name`: a rename
    /// replaces a link someone put there, it never writes through it.
    private func put(_ bytes: [UInt8], as name: String, in folder: Int32) throws(RepliesError) {
        let temporary = ".reply.\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
        let fd = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RepliesError.system("cannot write a reply") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            written += count
        }
        let complete = written == bytes.count && fchmod(fd, 0o644) == 0 && fsync(fd) == 0
        close(fd)
        guard complete, renameat(folder, temporary, folder, name) == 0 else {
            let error = RepliesError.system("cannot write a reply")
            unlinkat(folder, temporary, 0)
            throw error
        }
    }

    private func names(in folder: Int32) throws(RepliesError) -> [String] {
        let copy = fcntl(folder, F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { throw RepliesError.system("cannot list the replies folder") }
        guard let directory = fdopendir(copy) else {
            let error = RepliesError.system("cannot list the replies folder")
            close(copy)
            throw error
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// A name that stays one visible file inside the folder, short enough
    /// (in bytes, as the file system counts) for what is added to it.
    static func safe(_ name: String) -> String {
        var cleaned = name.replacingOccurrences(of: "/", with: "_")
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.isEmpty { cleaned = "photo" }
        while cleaned.utf8.count > 180 { cleaned.removeLast() }
        return cleaned
    }
}

/// One reply: what happened to one dropped photo, in words a teacher reads.
struct ReplyNote {
    /// The name the person gave the photo.
    let name: String
    let outcome: GateOutcome
    let decidedAt: Date
    let timeZone: TimeZone

    var ledgerLine: String { "Ledger entry \(outcome.ledgerSeq ?? 0)." }

    var text: String {
        let channel = outcome.channel ?? "the school's channels"
        var lines: [String]
        switch outcome.status {
        case .approved:
            lines = ["\(name) was published to \(channel).", "",
                     "The copy beside this note is exactly what was published, with the school's watermark."]
            if !outcome.removed.isEmpty {
                lines.append("Hidden details removed from it first: " + outcome.removed.joined(separator: ", ") + ".")
            }
        case .held:
            lines = ["\(name) is held for review: it is not published to \(channel) until a reviewer decides.", "", "Why:"]
            lines += outcome.reasons.map { "- \($0.message) [\($0.code.rawValue)]" }
            lines += ["", "The head teacher or safeguarding lead will look at it. You need do nothing more."]
        case .rejected, .failed:
            lines = ["\(name) was not published to \(channel).", "", "Why:"]
            lines += outcome.reasons.map { "- \($0.message) [\($0.code.rawValue)]" }
            lines += ["", "Fix what is listed and put the photo in your inbox again,",
                      "or ask the person responsible for the consent register."]
        }
        if outcome.repeated { lines += ["", "This same photo, sent the same way, had been decided before: that decision stands."] }
        lines += ["", "Decided \(Self.formatted(decidedAt, in: timeZone)). \(ledgerLine)"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func formatted(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = "d MMMM yyyy 'at' HH:mm"
        return formatter.string(from: date)
    }
}

struct RepliesError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }

    /// A system call failed: its error appended.
    static func system(_ message: String) -> RepliesError {
        RepliesError(message + ": " + String(cString: strerror(errno)))
    }
}
