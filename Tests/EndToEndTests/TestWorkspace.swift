import Foundation
import Testing
import TestSupport

/// A workspace made as a school would make it: init, the fixture register,
/// and the account running the tests designated (or not).
struct TestWorkspace {
    let scratch = TemporaryDirectory()
    var root: String { scratch.file("workspace") }

    init(designate: Bool = true, watch: [String: String] = [:]) throws {
        #expect(try run(["init", "--from", Paths.packageRoot + "/Config", "--school-name", "Hillside Primary School",
                        "--logo", Paths.packageRoot + "/Config/logo.png"]).status == 0)
        #expect(try run(["register", "import", Fixture.register]).status == 0)
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

    /// Gives the workspace (and a cache folder for the service) to a service
    /// account, as the install does; the scratch folder above it becomes
    /// passable, as /srv is.
    func handOver(to account: String, group: String) throws {
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        #expect(chmod(scratch.path, 0o755) == 0)
        for path in [root, cache] {
            #expect(try ChildProcess.run("/bin/chown", ["-R", "\(account):\(group)", path]).status == 0)
        }
    }

    var cache: String { scratch.file("cache") }

    /// The built binary run as the OS account `account`, through a name it can
    /// reach (a CI clone may sit in a folder only root can enter): a hard
    /// link, since a copy written by this process can be held open for
    /// writing by a child another test spawns meanwhile (exec then fails
    /// with "Text file busy"); a copy only across file systems, retried.
    func run(as account: String, _ arguments: [String]) throws -> ChildProcess {
        let binary = scratch.file("consentgate")
        if !FileManager.default.fileExists(atPath: binary), link(Paths.binary, binary) != 0 {
            try FileManager.default.copyItem(atPath: Paths.binary, toPath: binary)
            chmod(binary, 0o755)
        }
        var result: ChildProcess
        var attempts = 0
        repeat {
            result = try ChildProcess.run("/usr/sbin/runuser", ["-u", account, "--", binary, "--workspace", root] + arguments,
                                          environment: ["XDG_CACHE_HOME": cache, "HOME": cache, "CONSENTGATE_FACE_DETECTOR": try faceDetector()])
            attempts += 1
            if result.stderr.contains("Text file busy") { Thread.sleep(forTimeInterval: 0.5) }
        } while result.stderr.contains("Text file busy") && attempts < 10
        return result
    }

    /// The face detector where any account can load it (the build folder
    /// may be one only root can enter, as a CI clone is).
    func faceDetector() throws -> String {
        let copy = scratch.file("face-detector")
        if !FileManager.default.fileExists(atPath: copy) {
            #expect(try ChildProcess.run("/bin/cp", ["-r", Paths.packageRoot + "/.build/face-detector", copy]).status == 0)
            #expect(try ChildProcess.run("/bin/chmod", ["-R", "a+rX", copy]).status == 0)
        }
        return copy
    }

    var inbox: String { root + "/inbox/ME" }

    /// Files in the inboxes not yet taken (the replies/ folders left aside).
    var waitingInInboxes: [String] { files(under: "inbox").filter { !$0.contains("/replies/") } }

    /// The notes in an inbox's replies/ folder, by file name.
    func replies(_ staffID: String = "ME") -> [String: String] {
        let folder = root + "/inbox/" + staffID + "/replies"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".txt") }
        return Dictionary(uniqueKeysWithValues: names.map { ($0, (try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8)) ?? "") })
    }

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
