import ArgumentParser
import ConsentGate
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a workspace: configuration, database, inboxes and outcome folders.",
        discussion: "Copies consentgate.yaml and logo.png from the Config folder. Running it again adds what is missing and changes nothing else.")

    @ParentCommand var consentgate: ConsentGateCommand
    var global: GlobalOptions { consentgate.global }
    @Option(help: "The folder to copy the configuration from (default: the Config folder this program was built from).")
    var from: String?

    func run() throws {
        let workspace = global.workspaceFolder
        guard let source = from ?? ConfigFolder.find() else {
            throw fail("cannot find the Config folder with consentgate.yaml; give it with --from.")
        }
        do {
            var created = try workspace.initialise(from: source, channels: [], staff: [])
            let settings = try workspace.settings()
            let store = try workspace.store()
            created += try workspace.initialise(from: nil, channels: settings.channelNames, staff: try store.staff())
            say(created.isEmpty ? "\(workspace.root) is already a workspace; nothing to add."
                                  : "Workspace \(workspace.root): created " + created.joined(separator: ", "))
        } catch let error as StoreError {
            throw fail(error.message)
        } catch let error as SettingsError {
            throw fail(error.message)
        }
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
