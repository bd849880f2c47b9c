import ArgumentParser
import ConsentGate
import Foundation

struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The workspace folder (default: $CONSENTGATE_HOME, then the current folder).", valueName: "dir"))
    var workspace: String?

    var workspacePath: String {
        workspace ?? Self.leadingWorkspace ?? ProcessInfo.processInfo.environment["CONSENTGATE_HOME"]
            ?? FileManager.default.currentDirectoryPath
    }

    /// `--workspace DIR` written before the subcommand, as the contract
    /// shows it (`consentgate --workspace DIR register list`).
    nonisolated(unsafe) static var leadingWorkspace: String?

    /// Removes a `--workspace DIR` (or `--workspace=DIR`) that comes before
    /// the first subcommand name, and returns its value.
    static func takeLeadingWorkspace(_ arguments: inout [String]) -> String? {
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let argument = arguments[index]
            if argument == "--workspace", index + 1 < arguments.count {
                let value = arguments[index + 1]
                arguments.removeSubrange(index ... index + 1)
                return value
            }
            if argument.hasPrefix("--workspace=") {
                arguments.remove(at: index)
                return String(argument.dropFirst("--workspace=".count))
            }
            index += 1
        }
        return nil
    }
}

/// Prints a one-line error for the person at the keyboard and exits 1: no stack traces.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data(("consentgate: " + TerminalText.escaped(message, keepingNewlines: true) + "\n").utf8))
    return ExitStatus.failure
}
