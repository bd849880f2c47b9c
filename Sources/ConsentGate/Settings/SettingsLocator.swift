import Foundation

public enum SettingsLocator {
    /// The file named on the command line, else the workspace's
    /// consentgate.yaml, else the built-in defaults.
    public static func load(explicit: String?, workspace: String) throws(SettingsError) -> Settings {
        if let explicit { return try SettingsFile.load(explicit) }
        let inWorkspace = workspace + "/consentgate.yaml"
        if FileManager.default.fileExists(atPath: inWorkspace) { return try SettingsFile.load(inWorkspace) }
        return .builtIn
    }
}
