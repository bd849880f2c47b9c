import ArgumentParser
import ConsentGate
import Imaging
import Foundation

struct SubmitCommand: ServedCommand {
    static let action = Action.submit

    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Ask the gate to publish photos.",
        discussion: """
            You (the account running this) must be designated publicity staff. Say who is in the photos \
            with --people, a --manifest, or --nobody; with none of them the photos' own people tags are \
            used, and a photo without any is refused. A photo with more faces than people declared is held \
            for a reviewer. Exit status: 0 all approved, 3 some rejected or held, \
            2 usage error, 1 failure.
            """)

    @ParentCommand var consentgate: ConsentGateCommand
    var global: GlobalOptions { consentgate.global }
    @Argument(help: "Photos to submit.") var photos: [String]
    @Option(help: "Everyone pictured, by register id or full name, comma-separated.") var people: String?
    @Option(help: "A JSON or YAML file: people, caption, channel, or nobody: true.") var manifest: String?
    @Flag(help: "Declare that no one identifiable is pictured.") var nobody = false
    @Option(help: "The caption the photo will be posted with.") var caption: String?
    @Option(help: "Where to publish (default: the configured default channel).") var channel: String?
    @Flag(help: "Print one JSON object per photo.") var json = false

    var callerFiles: [String] { photos + [manifest].compactMap { $0 } }

    func validate() throws {
        if [people != nil, manifest != nil, nobody].filter({ $0 }).count > 1 {
            throw ValidationError("Use only one of --people, --manifest and --nobody.")
        }
    }

    func run() throws {
        let workspace = global.workspaceFolder
        let settings = try global.settings()
        var declaration = Declaration()
        if let manifest {
            do {
                declaration = try Manifest.read(manifest)
            } catch {
                throw ValidationError(error.message)
            }
        }
        if let people { declaration.people = .listed(people.split(separator: ",").map(String.init)) }
        if nobody { declaration.people = .nobody }
        if let caption { declaration.caption = caption }
        if let channel { declaration.channel = channel }
        if let chosen = declaration.channel {
            do { declaration.channel = try settings.channel(chosen).name } catch { throw ValidationError(error.message) }
        }
        let store = try global.store()
        try noteSettings(workspace, store)
        try checkPeople(declaration.people, store: store)
        workspace.removeAbandonedTemporaries()
        Renderer.prepare()
        CacheFolder.use()
        let gate = Gate(workspace: workspace, settings: settings, store: store)
        var anyRejected = false, anyFailed = false
        for photo in photos {
            let outcome = gate.submit(photo, declaration: declaration, poster: OSAccount.current)
            switch outcome.status {
            case .approved: break
            case .rejected, .held: anyRejected = true
            case .failed: anyFailed = true
            }
            if json { print(GateReport.json(outcome, workspace)) } else { say(GateReport.text(outcome, workspace)) }
        }
        if anyFailed { throw ExitStatus.failure }
        if anyRejected { throw ExitStatus.someRejected }
    }
}

extension SubmitCommand {
    /// A typo in an id or a name two people share is caught here, before
    /// anything is recorded: the person at the keyboard can say who they
    /// meant. (A sidecar in the watch folder has no one to ask: there the
    /// policy rejects it with the same explanation.)
    func checkPeople(_ people: Submission.People, store: Store) throws {
        guard case .listed(let entries) = people else { return }
        let register: Register
        do {
            // Only for publicity staff: anyone else learns nothing of the register (the gate refuses them).
            guard try store.staff().contains(where: { $0.account == OSAccount.current && !$0.channels.isEmpty }) else { return }
            register = try store.register()
        } catch { throw fail(error.message) }
        let problems = entries.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            .compactMap { entry -> String? in
                let lookup = register.lookup(entry)
                if case .found = lookup { return nil }
                return lookup.explanation(for: entry)
            }
        guard problems.isEmpty else { throw UsageError(problems.joined(separator: "\n  ")) }
    }
}

enum GateReport {
    static func text(_ outcome: GateOutcome, _ workspace: Workspace) -> String {
        // A file names itself: its name and paths may hold anything, a line break included.
        let name = (outcome.file as NSString).lastPathComponent.forTerminal
        let again = outcome.repeated ? " (already decided, unchanged)" : ""
        switch outcome.status {
        case .approved:
            var line = "approved  \(name) -> \(workspace.relative(outcome.derivative ?? "").forTerminal)\(again)"
            if let seq = outcome.ledgerSeq { line += "  [ledger #\(seq)]" }
            if !outcome.removed.isEmpty { line += "\n          removed: " + outcome.removed.joined(separator: ", ").forTerminal }
            return line
        case .rejected:
            var lines = ["rejected  \(name)" + (outcome.rejectedFolder.map { " -> \(workspace.relative($0).forTerminal)/" } ?? "") + again
                         + (outcome.ledgerSeq.map { "  [ledger #\($0)]" } ?? "")]
            lines += outcome.reasons.map { "          \($0.code.rawValue): \($0.message.forTerminal)" }
            return lines.joined(separator: "\n")
        case .held:
            var lines = ["held      \(name)" + (outcome.heldFolder.map { " -> \(workspace.relative($0).forTerminal)/" } ?? "")
                         + (outcome.ledgerSeq.map { "  [ledger #\($0)]" } ?? "")]
            lines += outcome.reasons.map { "          \($0.code.rawValue): \($0.message.forTerminal)" }
            return lines.joined(separator: "\n")
        case .failed(let message):
            return "failed    \(name): \(message.forTerminal)"
        }
    }

    static func json(_ outcome: GateOutcome, _ workspace: Workspace) -> String {
        struct Line: Encodable {
            let file: String
            let decision: String
            let reasons: [Reason]
            let derivative: String?
            let sha256: String?
            let ledger: Int?
            let repeated: Bool
            let rejectedFolder: String?
            let heldFolder: String?
            let error: String?

            /// Absent values are written as null, as the contract shows them.
            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(file, forKey: .file)
                try container.encode(decision, forKey: .decision)
                try container.encode(reasons, forKey: .reasons)
                try container.encode(derivative, forKey: .derivative)
                try container.encode(sha256, forKey: .sha256)
                try container.encode(ledger, forKey: .ledger)
                try container.encode(repeated, forKey: .repeated)
                try container.encode(rejectedFolder, forKey: .rejectedFolder)
                try container.encode(heldFolder, forKey: .heldFolder)
                try container.encode(error, forKey: .error)
            }

            enum Key: String, CodingKey { case file, decision, reasons, derivative, sha256, ledger, repeated, rejectedFolder, heldFolder, error }
        }
        let decision: String, error: String?
        switch outcome.status {
        case .approved: (decision, error) = ("approved", nil)
        case .rejected: (decision, error) = ("rejected", nil)
        case .held: (decision, error) = ("held", nil)
        case .failed(let message): (decision, error) = ("failed", message)
        }
        let line = Line(file: outcome.file, decision: decision, reasons: outcome.reasons, derivative: outcome.derivative,
                        sha256: outcome.sha256, ledger: outcome.ledgerSeq, repeated: outcome.repeated,
                        rejectedFolder: outcome.rejectedFolder, heldFolder: outcome.heldFolder, error: error)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(line)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
