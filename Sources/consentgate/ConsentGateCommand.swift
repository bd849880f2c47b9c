import ArgumentParser
import ConsentGate
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
        version: ConsentGateCommand.version,
        subcommands: [InitCommand.self, StaffCommand.self, RegisterCommand.self, SubmitCommand.self, StatusCommand.self,
                      ReviewCommand.self, ServeCommand.self, WatchCommand.self, AuditCommand.self, LedgerCommand.self, PreviewCommand.self,
                      DoctorCommand.self])

    static let version = "0.7.0"

    @OptionGroup var global: GlobalOptions

    /// The contract's exit statuses: 0 all approved, 3 some rejected,
    /// 2 usage error, 1 failure. ArgumentParser's own usage status is 64.
    static func main() async {
        // Nothing this program creates is for other accounts unless it says
        // so (inboxes, replies): a new database is not readable by all for a moment.
        umask(0o027)
        // The command that was parsed: its usage, not the top level's, goes with its errors.
        var parsed: ParsableCommand.Type?
        do {
            var command = try parseAsRoot()
            parsed = type(of: command)
            // Here, through the service, or not at all.
            if let status = try Routing.route(command) { throw status }
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as UsageError {
            FileHandle.standardError.write(Data(("consentgate: " + TerminalText.escaped(error.message, keepingNewlines: true) + "\n").utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message: String
                if let parsed, parsed != Self.self {
                    let usage = Self.usageString(for: parsed)
                    // "consentgate register withdraw": the usage up to its first option or argument.
                    let path = usage.split(separator: " ").prefix { !"[<-".contains($0.first ?? "[") }.joined(separator: " ")
                    message = "Error: \(Self.message(for: error))\nUsage: \(usage)\n  See '\(path) --help' for more information."
                } else {
                    message = fullMessage(for: error)
                }
                FileHandle.standardError.write(Data((TerminalText.escaped(message, keepingNewlines: true) + "\n").utf8))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Something typed that cannot be meant as written (an id no one has, a
/// name two people share): said in one line, exit 2, nothing recorded.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Exit statuses shared by every command (contract).
enum ExitStatus {
    static let someRejected = ExitCode(3)
    static let usage = ExitCode(2)
    static let failure = ExitCode(1)
}
