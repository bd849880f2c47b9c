import ArgumentParser
import ConsentGate
import Foundation

struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The workspace folder (default: $CONSENTGATE_HOME, then `workspace:` in /etc/consentgate/consentgate.yaml).", valueName: "dir"))
    var workspace: String?

    /// The system-wide setting an installed service leaves for everyone's
    /// commands (another file for tests on a machine where it is installed).
    static var systemSetting: String {
        ProcessInfo.processInfo.environment["CONSENTGATE_SYSTEM_SETTING"] ?? "/etc/consentgate/consentgate.yaml"
    }

    /// The workspace named by the flag, the environment or the system-wide
    /// setting; nil when none names one (never the current folder: a
    /// forgotten flag must not make a workspace wherever one stands).
    var workspacePath: String? {
        if let workspace { return workspace }
        if let home = ProcessInfo.processInfo.environment["CONSENTGATE_HOME"], !home.isEmpty { return home }
        return Self.systemWorkspace()
    }

    /// `workspace: /srv/consentgate` in the system-wide setting.
    static func systemWorkspace(in file: String = systemSetting) -> String? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("workspace:") {
            let value = line.dropFirst("workspace:".count).trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if !value.isEmpty { return value }
        }
        return nil
    }

    static var noWorkspace: String { """
        no workspace: name the school's with --workspace DIR or CONSENTGATE_HOME=DIR \
        (an installed service names it in \(systemSetting)), or make one with `consentgate --workspace DIR init`.
        """ }
}

/// Prints a one-line error for the person at the keyboard and exits 1: no stack traces.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data(("consentgate: " + TerminalText.escaped(message, keepingNewlines: true) + "\n").utf8))
    return ExitStatus.failure
}
