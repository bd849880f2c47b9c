import Foundation

/// Where things are, as seen from a test.
public enum Paths {
    /// The package root: this file is Tests/TestSupport/Paths.swift.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0 ..< 3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Fixtures/corpus (other projects' images, credited in its README), or
    /// $CONSENTGATE_CORPUS: a clone of the repository alone runs every test.
    public static let corpus: String = ProcessInfo.processInfo.environment["CONSENTGATE_CORPUS"]
        ?? packageRoot + "/Fixtures/corpus"

    public static func corpus(_ relative: String) -> String { corpus + "/" + relative }

    public static func fixture(_ relative: String) -> String { packageRoot + "/Fixtures/" + relative }

    public static let config = packageRoot + "/Config/consentgate.yaml"
    public static let logo = packageRoot + "/Config/logo.png"

    /// Every file of a corpus folder, sorted; empty if the corpus is missing
    /// (tests then fail on `#require`, never pass vacuously).
    public static func corpusFiles(_ folder: String) -> [String] {
        let directory = corpus(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
    }

    /// The built `consentgate` binary: beside the test bundle, or $CONSENTGATE_BIN.
    public static let binary: String = {
        if let explicit = ProcessInfo.processInfo.environment["CONSENTGATE_BIN"] { return explicit }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        while directory.path != "/" && !FileManager.default.fileExists(atPath: directory.path + "/consentgate") {
            directory.deleteLastPathComponent()
        }
        return directory.path + "/consentgate"
    }()

    public static func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// A fresh folder under /tmp, removed when the value goes.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init() {
        let template = NSTemporaryDirectory() + "consentgate-test-XXXXXX"
        var bytes = Array(template.utf8CString)
        path = bytes.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    public func file(_ name: String) -> String { path + "/" + name }

    public func write(_ bytes: [UInt8], to name: String) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
