import ArgumentParser
import ConsentGate
import Foundation
import Imaging

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Photos held for a reviewer: list, show, approve, reject.",
        discussion: """
            A photo is held when the gate finds more faces in it than people were declared, or cannot look. \
            Only a reviewer (the head teacher or safeguarding lead) decides, never the person who sent it. \
            Approving gates the photo again with the people you confirm: a child without consent is still refused.
            """,
        subcommands: [List.self, Show.self, Approve.self, Reject.self])

    struct List: ServedCommand {
        static let action = Action.review
        static let configuration = CommandConfiguration(abstract: "Every photo waiting for review, oldest first.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            _ = try global.store()
            let items = HeldQueue(workspace: global.workspaceFolder).items()
            if json { printJSON(items.map(\.photo)); return }
            guard !items.isEmpty else { say("Nothing is waiting for review."); return }
            say(Table.render(["ID", "HELD", "CHANNEL", "FACES", "DECLARED", "REASONS"], items.map {
                [$0.id, String($0.photo.recordedAt.prefix(16)), $0.photo.channel, $0.photo.faces.map { String($0.count) } ?? "?",
                 String($0.photo.declared?.count ?? 0), $0.photo.reasons.map(\.code.rawValue).joined(separator: ",")]
            }))
        }
    }

    struct Show: ServedCommand {
        static let action = Action.review
        static let configuration = CommandConfiguration(abstract: "One held photo: why, who was declared, where its faces are.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Argument(help: "The held photo's id (from `review list`).") var id: String

        func run() throws {
            _ = try global.store()
            let item = try ReviewCommand.held(id, in: HeldQueue(workspace: global.workspaceFolder), toDecide: false)
            var lines = ["\(item.id): held since \(item.photo.recordedAt), for \(item.photo.channel)."]
            lines += item.photo.reasons.map { "  \($0.code.rawValue): \($0.message)" }
            lines.append("  declared: " + ((item.photo.declared ?? []).isEmpty ? "nobody" : (item.photo.declared ?? []).joined(separator: ", ")))
            for (number, face) in (item.photo.faces ?? []).enumerated() {
                lines.append("  face \(number + 1): \(face.width)x\(face.height) at \(face.x),\(face.y) in \(item.photo.searchedWidth ?? 0)x\(item.photo.searchedHeight ?? 0) (score \(face.score))")
            }
            if Caller.forwardedUID == nil { lines.append("  the picture as it would be published: \(item.derivative)") }
            say(lines.joined(separator: "\n"))
        }
    }

    struct Approve: ServedCommand {
        static let action = Action.review
        static let configuration = CommandConfiguration(
            abstract: "Publish a held photo with the people you confirm are in it.",
            discussion: "The gate decides again, as the photo's sender, with these people: their consent, the caption, the poster are all checked.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Argument(help: "The held photo's id (from `review list`).") var id: String
        @Option(help: "Everyone pictured, by register id or full name, comma-separated.") var people: String?
        @Flag(help: "No one identifiable is pictured (the faces found are not people who can be identified).") var nobody = false

        func validate() throws {
            if (people == nil) == !nobody { throw ValidationError("Say who is pictured: --people, or --nobody.") }
        }

        func run() throws {
            let settings = try global.settings()
            let store = try global.store()
            let queue = HeldQueue(workspace: global.workspaceFolder)
            let item = try ReviewCommand.held(id, in: queue)
            // Names become register ids here: only ids go into the ledger.
            var confirmed = Submission.People.nobody
            if let people {
                let register: Register
                do { register = try store.register() } catch { throw fail(error.message) }
                confirmed = .listed(try people.split(separator: ",").map { try register.person(String($0).trimmingCharacters(in: .whitespaces)).id })
            }
            Renderer.prepare()
            CacheFolder.use()
            let gate = Gate(workspace: global.workspaceFolder, settings: settings, store: store)
            let outcome: GateOutcome
            do { outcome = try queue.approve(item, people: confirmed, by: OSAccount.current, gate: gate, store: store) } catch { throw fail(error.description) }
            say(GateReport.text(outcome, global.workspaceFolder))
            if outcome.status != .approved { throw ExitStatus.someRejected }
        }
    }

    struct Reject: ServedCommand {
        static let action = Action.review
        static let configuration = CommandConfiguration(abstract: "Refuse a held photo, with your reason; it moves to rejected/.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Argument(help: "The held photo's id (from `review list`).") var id: String
        @Option(help: "Why, in words for the sender (kept with the photo, not in the ledger).") var reason: String

        func run() throws {
            let settings = try global.settings()
            let store = try global.store()
            let queue = HeldQueue(workspace: global.workspaceFolder)
            let item = try ReviewCommand.held(id, in: queue)
            let gate = Gate(workspace: global.workspaceFolder, settings: settings, store: store)
            do {
                let seq = try queue.reject(item, reason: reason, by: OSAccount.current, gate: gate, store: store)
                say("rejected  \(item.id) -> rejected/\(item.id)/  [ledger #\(seq)]")
            } catch {
                throw fail(error.description)
            }
        }
    }
}

extension ReviewCommand {
    /// The held photo `id` (a usage error if there is none), for a reviewer
    /// who did not send it when they are to decide on it (anyone may look).
    static func held(_ id: String, in queue: HeldQueue, toDecide: Bool = true) throws -> HeldQueue.Item {
        let item: HeldQueue.Item
        do { item = try queue.item(id) } catch { throw UsageError(error.description) }
        if toDecide, let conflict = HeldQueue.conflict(item, reviewer: OSAccount.current) { throw fail(conflict) }
        return item
    }
}
