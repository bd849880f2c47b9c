import ArgumentParser
import ConsentGate
import Foundation

struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The workspace folder (default: $CONSENTGATE_HOME, then the current folder).", valueName: "dir"))
    var workspace: String?

    var workspacePath: String {
        workspace ?? ProcessInfo.processInfo.environment["CONSENTGATE_HOME"] ?? FileManager.default.currentDirectoryPath
    }
}

/// Prints a one-line error for the person at the keyboard and exits 1: no stack traces.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data(("consentgate: " + TerminalText.escaped(message, keepingNewlines: true) + "\n").utf8))
    return ExitStatus.failure
}
