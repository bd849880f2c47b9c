import Foundation

/// Taking a file out of an inbox: an atomic rename into
/// processing/<staff-id>/, under a name that carries a claim id. The
/// processing folder is the journal: whatever is in it after a crash or a
/// power cut was claimed and not yet filed, and is gated again on restart.
/// The gate's idempotence (same photo, same declaration, same decision:
/// nothing new written) makes that exactly once.
struct Claims {
    let workspace: Workspace

    var root: String { workspace.root + "/processing" }
    func folder(_ staffID: String) -> String { root + "/" + staffID }

    struct Claim: Sendable {
        let id: String
        let staffID: String
        let photo: String
        /// The name the person gave the photo.
        let name: String
        let sidecar: String?
    }

    static let separator = "--"

    /// Renames the photo (and its sidecar) into processing/, fsyncing both folders.
    func claim(_ photo: InboxScan.Entry, sidecar: InboxScan.Entry?, staffID: String) throws -> Claim {
        try FileManager.default.createDirectory(atPath: folder(staffID), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let id = Self.newID()
        let target = folder(staffID) + "/" + id + Self.separator + photo.name
        guard rename(photo.path, target) == 0 else { throw WatchError("cannot claim \(photo.path): \(String(cString: strerror(errno)))") }
        var claimedSidecar: String?
        if let sidecar {
            let sidecarTarget = folder(staffID) + "/" + id + Self.separator + sidecar.name
            if rename(sidecar.path, sidecarTarget) == 0 { claimedSidecar = sidecarTarget }
        }
        try DurableFile.syncDirectory(folder(staffID))
        try DurableFile.syncDirectory((photo.path as NSString).deletingLastPathComponent)
        return Claim(id: id, staffID: staffID, photo: target, name: photo.name, sidecar: claimedSidecar)
    }

    /// Claims left behind by an earlier run, oldest first. A sidecar whose
    /// photo is gone was left by a crash between the two unlinks of
    /// `release`, after the outcome was durable: it is discarded. With
    /// `reclaimingSidecars` (only when the daemon starts, when no claim is
    /// in hand), a sidecar a crash left in the inbox is taken back.
    func unfinished(reclaimingSidecars: Bool = false) -> [Claim] {
        let staffFolders = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var claims: [Claim] = []
        for staffID in staffFolders.sorted() {
            var names = ((try? FileManager.default.contentsOfDirectory(atPath: folder(staffID))) ?? []).sorted()
            names = discardOrphans(names, in: staffID)
            for name in names where !name.hasPrefix(".") {
                guard let (id, original, isSidecar) = Self.parse(name), !isSidecar else { continue }
                let stem = (original as NSString).deletingPathExtension
                let sidecar = names.first { candidate in
                    InboxScan.sidecarExtensions.contains { candidate == id + Self.separator + stem + "." + $0 }
                }.map { folder(staffID) + "/" + $0 }
                    ?? (reclaimingSidecars ? reclaimSidecar(id: id, photoName: original, staffID: staffID) : nil)
                claims.append(Claim(id: id, staffID: staffID, photo: folder(staffID) + "/" + name, name: original, sidecar: sidecar))
            }
        }
        return claims
    }

    /// A claimed file's name: the claim id, the name the person gave the
    /// file, and whether that is a sidecar.
    static func parse(_ name: String) -> (id: String, original: String, isSidecar: Bool)? {
        guard let range = name.range(of: separator) else { return nil }
        let original = String(name[range.upperBound...])
        return (String(name[..<range.lowerBound]), original,
                InboxScan.sidecarExtensions.contains((original as NSString).pathExtension.lowercased()))
    }

    /// A crash between the two renames of `claim` leaves the photo claimed
    /// and its sidecar still in the inbox: it is claimed now, under the
    /// photo's claim id. Only a sidecar that was already there, unchanged,
    /// when the photo was claimed (its inode changed no later than the claim
    /// id's time): one written since belongs to a later photo. Not when the
    /// inbox also holds a photo of the same name, whose sidecar it may be.
    /// Then the claimed photo is gated without one (rejected, people
    /// undeclared), never with a guess.
    private func reclaimSidecar(id: String, photoName: String, staffID: String) -> String? {
        let inbox = workspace.inbox(staffID)
        let stem = (photoName as NSString).deletingPathExtension
        let entries = InboxScan.entries(in: inbox).filter { ($0.name as NSString).deletingPathExtension == stem }
        let sidecars = entries.filter { $0.kind == .sidecar }
        guard sidecars.count == 1, !entries.contains(where: { $0.kind == .photo }),
              let claimed = Self.time(ofID: id), sidecars[0].size > 0 else { return nil }
        var info = stat()
        guard lstat(sidecars[0].path, &info) == 0,
              Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9 <= claimed else { return nil }
        let target = folder(staffID) + "/" + id + Self.separator + sidecars[0].name
        guard rename(sidecars[0].path, target) == 0 else { return nil }
        try? DurableFile.syncDirectory(folder(staffID))
        try? DurableFile.syncDirectory(inbox)
        return target
    }

    /// Counts a daemon start that found `claim` unfinished (it was in hand
    /// when an earlier run stopped), this one included. Kept in a dot file
    /// beside the claim, so that a photo that stops the gate every time it
    /// is read (a decoder abort, the memory cap) can be set aside instead of
    /// stopping it for ever.
    func countStart(_ claim: Claim) -> Int {
        let marker = startsMarker(claim)
        let previous = (try? String(contentsOfFile: marker, encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        try? DurableFile.write(Array("\(previous + 1)\n".utf8), to: marker, mode: 0o600)
        return previous + 1
    }

    private func startsMarker(_ claim: Claim) -> String {
        folder(claim.staffID) + "/." + claim.id + ".starts"
    }

    /// `names` without the sidecars whose claim id has no photo, which are
    /// unlinked, with the start counts of claims that are gone.
    private func discardOrphans(_ names: [String], in staffID: String) -> [String] {
        let photoIDs = Set(names.compactMap(Self.parse).filter { !$0.isSidecar }.map(\.id))
        for name in names where name.hasPrefix(".") && name.hasSuffix(".starts") {
            if !photoIDs.contains(String(name.dropFirst().dropLast(".starts".count))) { unlink(folder(staffID) + "/" + name) }
        }
        let orphans = names.filter { name in Self.parse(name).map { $0.isSidecar && !photoIDs.contains($0.id) } ?? false }
        guard !orphans.isEmpty else { return names }
        for orphan in orphans { unlink(folder(staffID) + "/" + orphan) }
        try? DurableFile.syncDirectory(folder(staffID))
        return names.filter { !orphans.contains($0) }
    }

    /// Called only once the outcome and its ledger entry are durable.
    func release(_ claim: Claim) throws {
        unlink(claim.photo)
        if let sidecar = claim.sidecar { unlink(sidecar) }
        unlink(startsMarker(claim))
        try DurableFile.syncDirectory(folder(claim.staffID))
    }

    /// When a claim was made, from its id (seconds since 1970).
    static func time(ofID id: String) -> Double? {
        let digits = id.prefix(18)
        guard digits.count == 18, digits.allSatisfy(\.isASCII), let seconds = Double(digits.prefix(12)),
              let micros = Double(digits.suffix(6)) else { return nil }
        return seconds + micros / 1e6
    }

    /// Sortable and unique: UTC time to the microsecond, then randomness.
    static func newID() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let random = String(UInt32.random(in: 0 ... .max), radix: 16)
        return String(format: "%012ld%06ld-", now.tv_sec, now.tv_nsec / 1000) + random
    }
}
