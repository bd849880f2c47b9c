import Foundation
import Imaging
import ImageStructure

/// `audit`: is everything that was published still allowed, still what the
/// gate wrote, and accounted for?
///
///     verify the chain -> check each derivative -> decide again as of a day
///     -> find files nobody accounts for -> match downloaded copies
public struct Auditor: Sendable {
    public let workspace: Workspace
    public let settings: Settings
    let store: Store

    /// Two perceptual hashes this close (of 64 bits) are the same photo,
    /// after re-encoding and resizing; unrelated photos differ by about 32.
    public static let matchDistance = 10

    public init(workspace: Workspace, settings: Settings, store: Store) {
        self.workspace = workspace
        self.settings = settings
        self.store = store
    }

    public func run(on date: Day, match folder: String? = nil,
                    progress: (Int, Int) -> Void = { _, _ in }) throws(StoreError) -> AuditReport {
        let verification = try store.verifyLedger()
        let entries = try store.ledger()
        // The latest approval for each published file.
        var published: [String: LedgerEntry] = [:]
        for entry in entries where entry.decision == .approved {
            if let path = entry.derivativePath { published[path] = entry }
        }
        let publications = try store.publications()
        let register = try store.register()
        var report = AuditReport(
            date: date.description, ledgerIntact: verification.isIntact, ledgerMessage: verification.message,
            published: published.count)
        report.held = heldPhotos(entries, on: date)
        report.changes = entries.filter { $0.decision == .changed }
            .map { .init(ledger: $0.seq, recordedAt: $0.recordedAt, by: $0.poster, via: $0.via, change: $0.change ?? "") }
        let check = DerivativeCheck(allowlist: .init(keeping: settings.keep))
        let total = published.count + (folder.map(Self.images(in:))?.count ?? 0)
        var done = 0
        for (path, entry) in published.sorted(by: { $0.value.seq < $1.value.seq }) {
            defer { done += 1; progress(done, total) }
            if let problem = Self.problem(with: workspace.root + "/" + path, entry, check) {
                report.changed.append(.init(ledger: entry.seq, derivative: path, problem: problem))
            }
            let reasons = Self.decideAgain(entry, publications[entry.seq], register: register, on: date, channels: settings.channelNames)
            if reasons.isEmpty {
                if !report.changed.contains(where: { $0.ledger == entry.seq }) { report.clean.append(path) }
            } else {
                report.takedowns.append(.init(
                    ledger: entry.seq, derivative: path, channel: entry.channel, publishedOn: String(entry.recordedAt.prefix(10)),
                    reasons: reasons.map { .init(code: $0.code.rawValue, person: $0.person,
                                                 name: $0.person.flatMap { register[$0]?.fullName }, message: $0.message) }))
            }
        }
        report.unknown = unaccounted(published: Set(published.keys))
        if let folder {
            let takedown = Set(report.takedowns.map(\.ledger))
            for file in Self.images(in: folder) {
                defer { done += 1; progress(done, total) }
                if let match = Self.match(file, against: Array(published.values), takedown: takedown) {
                    report.matched.append(match)
                } else {
                    report.notFromGate.append(file)
                }
            }
        }
        return report
    }

    /// Missing, different bytes, metadata that should not be there: each
    /// said, since "it now carries GPS" matters more than "it changed".
    static func problem(with file: String, _ entry: LedgerEntry, _ check: DerivativeCheck) -> String? {
        guard let data = FileManager.default.contents(atPath: file) else { return "the published file is missing" }
        let bytes = [UInt8](data)
        var problems: [String] = []
        if Digest.sha256(bytes) != entry.derivativeSHA256 {
            problems.append("it is not the file the gate wrote (its SHA-256 differs)")
        }
        let report = check.inspect(bytes)
        if !report.isClean { problems.append("it carries " + report.violations.joined(separator: ", ")) }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// The policy again, for the people and caption as published, against
    /// today's register. Only what concerns the people pictured counts: the
    /// poster was designated when it was published.
    static func decideAgain(_ entry: LedgerEntry, _ publication: Publication?, register: Register, on date: Day,
                            channels: [String]) -> [Reason] {
        let auditor = StaffMember(id: "audit", name: "audit", account: "\u{0}audit", channels: [entry.channel])
        let submission = Submission(posterAccount: auditor.account, people: entry.people.isEmpty ? .nobody : .listed(entry.people),
                                    caption: publication?.caption ?? "", channel: entry.channel)
        let context = PolicyContext(staff: [auditor], register: register, date: date, channels: Set(channels + [entry.channel]))
        return Policy.decide(submission, in: context).reasons.filter {
            $0.code.rawValue.hasPrefix("person.") || $0.code.rawValue.hasPrefix("caption.")
        }
    }

    /// Files in published/ that no approved ledger entry accounts for.
    func unaccounted(published: Set<String>) -> [String] {
        let root = workspace.root + "/published"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var unknown: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var info = stat()
            guard lstat(root + "/" + relative, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else { continue }
            let path = "published/" + relative
            if !published.contains(path) { unknown.append(path) }
        }
        return unknown.sorted()
    }

    static func images(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    /// The published photo a downloaded image is a copy of, if any.
    static func match(_ file: String, against published: [LedgerEntry], takedown: Set<Int>) -> AuditReport.Match? {
        guard let data = FileManager.default.contents(atPath: file),
              let hash = try? Fingerprint.perceptualHash(of: [UInt8](data)) else { return nil }
        let scored = published.compactMap { entry -> (LedgerEntry, Int)? in
            guard let text = entry.perceptualHash, let other = UInt64(text, radix: 16) else { return nil }
            return (entry, Fingerprint.distance(hash, other))
        }
        guard let (entry, distance) = scored.min(by: { $0.1 < $1.1 }), distance <= matchDistance else { return nil }
        return .init(file: file, ledger: entry.seq, derivative: entry.derivativePath ?? "", distance: distance,
                     mustComeDown: takedown.contains(entry.seq))
    }
}

extension LedgerVerification {
    var isIntact: Bool { if case .intact = self { true } else { false } }

    public var message: String {
        switch self {
        case .intact(let entries): "intact: \(entries) \(entries == 1 ? "entry" : "entries"), every hash and link recomputed"
        case .broken(let seq, let reason): "broken at row \(seq): \(reason)"
        }
    }
}

extension Auditor {
    /// Held entries whose folder is still in held/ (a reviewer has not yet decided).
    func heldPhotos(_ entries: [LedgerEntry], on date: Day) -> [AuditReport.Held] {
        entries.filter { $0.decision == .held }.compactMap { entry in
            guard let stem = entry.fileStem(in: settings.timeZone), FileManager.default.fileExists(atPath: workspace.held + "/" + stem) else { return nil }
            let since = Day(iso: String(entry.recordedAt.prefix(10)))
            return AuditReport.Held(ledger: entry.seq, folder: "held/" + stem, channel: entry.channel,
                                    heldSince: String(entry.recordedAt.prefix(10)), days: since.map { date.days(since: $0) } ?? 0,
                                    reasons: entry.reasons.map(\.code))
        }
    }
}
