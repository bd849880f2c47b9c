import Foundation

/// A school's consentgate folder: configuration, database and (with the
/// gate) the inboxes and outcome folders.
public struct Workspace: Sendable {
    public let root: String

    public init(_ root: String) {
        self.root = (root as NSString).standardizingPath
    }

    public var databasePath: String { root + "/consentgate.sqlite" }
    public var configPath: String { root + "/consentgate.yaml" }

    public func settings(explicit: String? = nil) throws(SettingsError) -> Settings {
        try SettingsLocator.load(explicit: explicit, workspace: root)
    }

    /// The database, created on first use inside an existing workspace folder.
    public func store() throws(StoreError) -> Store {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError("The workspace \(root) does not exist. Create it with `consentgate --workspace \(root) init`.")
        }
        return try Store(path: databasePath)
    }
}

/// Operating-system accounts: the poster's identity.
public enum OSAccount {
    /// The account running this process (effective user).
    public static var current: String { name(of: geteuid()) }

    public static func name(of uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }

    public static func exists(_ name: String) -> Bool { getpwnam(name) != nil }
}
