import ArgumentParser
import Foundation

@main
struct ConsentGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consentgate",
        abstract: "The gate between a school's photos and its social media.",
        discussion: """
            Only a designated member of staff may publish, only photos of people with \
            consent for that channel, and never with location or identity metadata.
            """,
        subcommands: [InitCommand.self, StaffCommand.self, RegisterCommand.self, SubmitCommand.self, WatchCommand.self, AuditCommand.self,
                      LedgerCommand.self, PreviewCommand.self])

    /// The contract's exit statuses: 0 all approved, 3 some rejected,
    /// 2 usage error, 1 failure. ArgumentParser's own usage status is 64.
    static func main() async {
        do {
            var arguments = Array(CommandLine.arguments.dropFirst())
            GlobalOptions.leadingWorkspace = GlobalOptions.takeLeadingWorkspace(&arguments)
            var command = try parseAsRoot(arguments)
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(Outcome.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Exit statuses shared by every command (contract).
enum Outcome {
    static let someRejected = ExitCode(3)
    static let usage = ExitCode(2)
    static let failure = ExitCode(1)
}
