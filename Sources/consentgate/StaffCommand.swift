import ArgumentParser
import ConsentGate
import Foundation

struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Designated publicity staff: the only people who may publish.",
        subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Designate a member of staff, or change their entry.",
            discussion: "Their identity is the OS account: files they drop and commands they run are theirs. Every change is recorded.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Argument(help: "A short id for the person (e.g. their initials).") var id: String
        @Option(help: "Their OS account on this machine.") var account: String
        @Option(help: "Channels they may publish to, comma-separated.") var channels: String
        @Option(help: "Their name, for messages.") var name: String?
        @Option(help: "First day they may publish (01/12/2026 or 2026-12-01).", transform: Day.argument) var from: Day?
        @Option(help: "Last day they may publish (01/12/2026 or 2026-12-01).", transform: Day.argument) var until: Day?

        func validate() throws {
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw ValidationError("The id must be letters, digits, - or _.")
            }
            if let from, let until, until < from { throw ValidationError("--until is before --from.") }
        }

        func run() throws {
            let settings = try global.settings()
            let list = try settings.channels(channels)
            let store = try global.store()
            let member = StaffMember(id: id, name: name ?? id, account: account, channels: list, validFrom: from, validUntil: until)
            do {
                let changes = try store.addStaff(member, by: OSAccount.current)
                if changes.isEmpty {
                    say("No change: \(id) is already designated like that.")
                } else {
                    say("Recorded \(id) (\(account)): " + changes.map { "\($0.field) \($0.oldValue ?? "(none)") -> \($0.newValue ?? "(none)")" }.joined(separator: "; "))
                }
            } catch {
                throw fail(error.message)
            }
            let workspace = global.workspaceFolder
            if FileManager.default.fileExists(atPath: workspace.inboxes) {
                _ = try? workspace.initialise(from: nil, channels: [], staff: [member])
            }
            if !OSAccount.exists(account) {
                say("warning: there is no account \"\(account)\" on this machine; \(id) cannot publish from it until there is.")
            } else if FileManager.default.fileExists(atPath: workspace.inboxes), let problem = workspace.inboxProblem(member) {
                say("warning: " + problem)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Everyone designated to publish.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.store()
            do {
                let staff = try store.staff()
                if json { printJSON(staff); return }
                let rows = staff.map { [$0.id, $0.name, $0.account, $0.channels.joined(separator: ","), $0.validFrom?.description ?? "-", $0.validUntil?.description ?? "-"] }
                say(Table.render(["ID", "NAME", "ACCOUNT", "CHANNELS", "FROM", "UNTIL"], rows))
                if staff.isEmpty { say("(nobody is designated yet: add someone with `consentgate staff add`)") }
            } catch {
                throw fail(error.message)
            }
        }
    }
}
