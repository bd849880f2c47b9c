import ArgumentParser
import ConsentGate
import Foundation

struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Designated publicity staff: the only people who may publish.",
        subcommands: [Add.self, List.self])

    struct Add: ServedCommand {
        static let action = Action.changeStaff

        static let configuration = CommandConfiguration(
            abstract: "Designate a member of staff, or change their entry.",
            discussion: """
                Their identity is the OS account: files they drop and commands they run are theirs. Channels make them \
                publicity staff; --roles admin lets them change staff and the register, --roles reviewer lets them \
                audit. Every change is a ledger entry naming who made it. Only an admin (or the service's own account) may run this.
                """)

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Argument(help: "A short id for the person (e.g. their initials).") var id: String
        @Option(help: "Their OS account on this machine.") var account: String
        @Option(help: "Channels they may publish to, comma-separated, or all (default: none).") var channels: String?
        @Option(help: "Roles beyond publishing, comma-separated: admin, reviewer (default: none).") var roles: String?
        @Option(help: "Their name, for messages.") var name: String?
        @Option(help: "First day they may publish (01/12/2026 or 2026-12-01).", transform: Day.argument) var from: Day?
        @Option(help: "Last day they may publish (01/12/2026 or 2026-12-01).", transform: Day.argument) var until: Day?

        func validate() throws {
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw ValidationError("The id must be letters, digits, - or _.")
            }
            if let from, let until, until < from { throw ValidationError("--until is before --from.") }
            if channels == nil && roles == nil { throw ValidationError("Give --channels, --roles, or both.") }
            _ = try parsedRoles()
        }

        func run() throws {
            let settings = try global.settings()
            let store = try global.store()
            // What is not given stays as it was: `--roles admin` does not take anyone's channels away.
            let existing: StaffMember?
            do { existing = try store.staff().first { $0.id == id } } catch { throw fail(error.message) }
            let list = try channels.map(settings.channels) ?? existing?.channels ?? []
            let member = StaffMember(id: id, name: name ?? existing?.name ?? id, account: account, channels: list,
                                     roles: roles == nil ? existing?.roles ?? [] : try parsedRoles(),
                                     validFrom: from ?? existing?.validFrom, validUntil: until ?? existing?.validUntil)
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
            // An inbox is for photos: publicity staff only.
            guard !member.channels.isEmpty else { return }
            if FileManager.default.fileExists(atPath: workspace.inboxes) {
                _ = try? workspace.initialise(from: nil, channels: [], staff: [member])
            }
            // Run for root: root gives the inbox to its member next, and says what is wrong then.
            if Caller.forwardedUID == 0 { return }
            warnAboutInbox(workspace)
        }

        func warnAboutInbox(_ workspace: Workspace) {
            let member = StaffMember(id: id, name: id, account: account, channels: [])
            if !OSAccount.exists(account) {
                say("warning: there is no account \"\(account)\" on this machine; \(id) cannot publish from it until there is.")
            } else if FileManager.default.fileExists(atPath: workspace.inboxes), let problem = workspace.inboxProblem(member) {
                say("warning: " + problem)
            }
        }

        /// Root's part: the inbox the owner made is given to its member.
        func finishAsRoot(in workspace: Workspace) {
            if let uid = getpwnam(account)?.pointee.pw_uid { workspace.giveInbox(id, to: uid) }
            if FileManager.default.fileExists(atPath: workspace.inbox(id)) { warnAboutInbox(workspace) }
        }

        func parsedRoles() throws -> [Role] {
            let names = (roles ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            return try Set(names.map { name in
                guard let role = Role(rawValue: name) else { throw ValidationError("\"\(name)\" is not a role: admin or reviewer.") }
                return role
            }).sorted()
        }
    }

    struct List: ServedCommand {
        static let action = Action.readRegister

        static let configuration = CommandConfiguration(abstract: "Everyone designated to publish.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try global.store()
            do {
                let staff = try store.staff()
                if json { printJSON(staff); return }
                let rows = staff.map {
                    [$0.id, $0.name, $0.account, $0.channels.isEmpty ? "-" : $0.channels.joined(separator: ","),
                     $0.roles.isEmpty ? "-" : $0.roles.map(\.rawValue).joined(separator: ","),
                     $0.validFrom?.description ?? "-", $0.validUntil?.description ?? "-"]
                }
                say(Table.render(["ID", "NAME", "ACCOUNT", "CHANNELS", "ROLES", "FROM", "UNTIL"], rows))
                if staff.isEmpty { say("(nobody is designated yet: add someone with `consentgate staff add`)") }
            } catch {
                throw fail(error.message)
            }
        }
    }
}

extension StaffCommand.Add: RootCommand {}
