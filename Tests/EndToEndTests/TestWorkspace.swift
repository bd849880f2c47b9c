import Foundation
import Testing
import TestSupport

/// A workspace made as a school would make it: init, the fixture register,
/// and the account running the tests designated (or not).
struct TestWorkspace {
    let scratch = TemporaryDirectory()
    var root: String { scratch.file("workspace") }

    init(designate: Bool = true, watch: [String: String] = [:]) throws {
        #expect(try run(["init", "--from", Paths.packageRoot + "/Config"]).status == 0)
        #expect(try run(["register", "import", Paths.fixture("register/register.csv")]).status == 0)
        if designate {
            #expect(try run(["staff", "add", "ME", "--account", NSUserName(), "--channels", "facebook,website"]).status == 0)
        }
        if !watch.isEmpty {
            var config = try String(contentsOfFile: root + "/consentgate.yaml", encoding: .utf8)
            for (key, value) in watch {
                config = config.replacingOccurrences(of: #"(?m)^  \#(key): [^ \n]*"#, with: "  \(key): \(value)", options: .regularExpression)
            }
            try config.write(toFile: root + "/consentgate.yaml", atomically: true, encoding: .utf8)
        }
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ChildProcess {
        try ChildProcess.run(Paths.binary, ["--workspace", root] + arguments, environment: environment, directory: Paths.packageRoot)
    }

    var inbox: String { root + "/inbox/ME" }

    /// Every regular file under a folder of the workspace.
    func files(under folder: String) -> [String] {
        let base = root + "/" + folder
        let enumerator = FileManager.default.enumerator(atPath: base)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var info = stat()
            if lstat(base + "/" + path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR { found.append(base + "/" + path) }
        }
        return found.sorted()
    }

    /// Rows of a query on the workspace database, as sqlite3 prints them.
    func query(_ sql: String) throws -> [String] {
        let result = try ChildProcess.run("/usr/bin/sqlite3", [root + "/consentgate.sqlite", sql])
        return result.stdout.split(separator: "\n").map(String.init)
    }
}

func sha256(_ path: String) throws -> String {
    String(try ChildProcess.run("/usr/bin/sha256sum", [path]).stdout.prefix(64))
}

func sha256(bytes: [UInt8]) throws -> String {
    let scratch = TemporaryDirectory()
    return try sha256(try scratch.write(bytes, to: "bytes"))
}
