import ArgumentParser
import ConsentGate
import Foundation

struct InitCommand: WorkspaceCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a workspace: configuration, database, inboxes and outcome folders.",
        discussion: """
            Writes consentgate.yaml from the Config folder with the school's name (the watermark's text, and the \
            Artist and Copyright of every published photo) and copies its logo. Without --school-name it asks, \
            or, with no terminal to ask at, refuses. Running it again adds what is missing and changes nothing else.
            """)

    @ParentCommand var consentgate: ConsentGateCommand
    var global: GlobalOptions { consentgate.global }
    @Option(help: "The folder to copy the configuration from (default: the Config folder this program was built from).")
    var from: String?
    @Option(help: "The school's name, as it appears on every published photo.") var schoolName: String?
    @Option(help: "The school's logo, a PNG with transparency (default: a text-only watermark).") var logo: String?
    @Option(help: "The OS account of the first admin, who may then designate staff and import the register through the service.")
    var admin: String?

    func run() throws {
        let workspace = global.workspaceFolder
        // Before anything is made: a typo here must not leave half a workspace.
        if let admin, !OSAccount.exists(admin) {
            throw UsageError("There is no account \"\(admin)\" on this machine to make the first admin.")
        }
        guard let source = from ?? ConfigFolder.find() else {
            throw fail("cannot find the Config folder with consentgate.yaml; give it with --from.")
        }
        var school: SchoolIdentity?
        if !FileManager.default.fileExists(atPath: workspace.configPath) {
            guard let name = schoolName ?? Self.ask("The school's name, as it will appear on every published photo: ") else {
                throw UsageError("init needs the school's name, for the watermark and the photos' Artist and Copyright: give it with --school-name \"...\".")
            }
            do {
                school = try SchoolIdentity(name: name, logo: logo)
            } catch {
                throw UsageError(error.message)
            }
        } else if schoolName != nil || logo != nil {
            say("\(workspace.configPath) already exists and is left as it is: change the school's name or logo there.")
        }
        do {
            var created = try workspace.initialise(from: source, school: school, channels: [], staff: [])
            let settings = try workspace.settings()
            let store = try workspace.createStore()
            if let admin {
                let staff = try store.staff()
                if let existing = staff.first(where: { $0.account == admin }) {
                    if !existing.roles.contains(.admin) {
                        var member = existing
                        member.roles = (member.roles + [.admin]).sorted()
                        try store.addStaff(member, by: OSAccount.current)
                    }
                } else if !staff.contains(where: { $0.id == admin }) {
                    try store.addStaff(StaffMember(id: admin, name: admin, account: admin, channels: [], roles: [.admin]), by: OSAccount.current)
                    created.append("admin \(admin)")
                } else {
                    throw UsageError("The staff id \(admin) is taken by another account; designate the admin with `staff add`.")
                }
            }
            created += try workspace.initialise(from: nil, channels: settings.channelNames, staff: try store.staff())
            say(created.isEmpty ? "\(workspace.root) is already a workspace; nothing to add."
                                  : "Workspace \(workspace.root): created " + created.joined(separator: ", "))
            if let school {
                say("School: \(school.name) (watermark text, Artist and Copyright of published photos); "
                    + (school.logo.map { "logo: \($0), copied as logo.png." } ?? "no logo: the watermark is the name alone (add one with watermark.logo)."))
            }
        } catch let error as StoreError {
            throw fail(error.message)
        } catch let error as SettingsError {
            throw fail(error.message)
        }
    }
}

extension InitCommand {
    /// A line typed at the terminal, or nil when there is none to ask at.
    static func ask(_ question: String) -> String? {
        guard isatty(0) != 0, isatty(2) != 0 else { return nil }
        FileHandle.standardError.write(Data(question.utf8))
        return readLine().map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Where the bundled Config folder is: beside an installed program
/// (/usr/local/share/consentgate), or in the source tree the program was built in.
enum ConfigFolder {
    static func find() -> String? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidates = ["/usr/local/share/consentgate", "/usr/share/consentgate"]
        var directory = executable.deletingLastPathComponent()
        while directory.path != "/" {
            candidates.append(directory.path + "/Config")
            directory.deleteLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/consentgate.yaml") }
    }
}
