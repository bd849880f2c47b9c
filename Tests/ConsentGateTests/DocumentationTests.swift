import ConsentGate
import Foundation
import Testing
import TestSupport

/// The documentation says what the program does: the reasons table lists
/// exactly the codes the program gives, and no link leads nowhere.
@Suite("Documentation")
struct DocumentationTests {
    static let docs = Paths.packageRoot + "/docs"

    /// README.md and every docs/*.md, as absolute paths.
    static func markdownFiles() throws -> [String] {
        let pages = try FileManager.default.contentsOfDirectory(atPath: docs)
            .filter { $0.hasSuffix(".md") }
            .sorted()
            .map { docs + "/" + $0 }
        return [Paths.packageRoot + "/README.md"] + pages
    }

    /// The codes in the first column of every table row in docs/reasons.md:
    /// each one written in backticks (`person.no-consent`).
    static func documentedCodes() throws -> [String] {
        let text = try String(contentsOfFile: docs + "/reasons.md", encoding: .utf8)
        var codes: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let row = line.trimmingCharacters(in: .whitespaces)
            guard row.hasPrefix("|") else { continue }
            let cells = row.dropFirst().split(separator: "|", omittingEmptySubsequences: false)
            guard let first = cells.first else { continue }
            // Between the first pair of backticks, the next pair, and so on.
            let parts = first.split(separator: "`", omittingEmptySubsequences: false)
            for (index, part) in parts.enumerated() where index % 2 == 1 {
                codes.append(String(part))
            }
        }
        return codes
    }

    @Test func reasonsTableListsEveryCodeOnce() throws {
        let documented = try Self.documentedCodes()
        let inProgram = Set(Reason.Code.allCases.map(\.rawValue))
        let missing = inProgram.subtracting(documented).sorted()
        let extra = Set(documented).subtracting(inProgram).sorted()
        #expect(missing.isEmpty && extra.isEmpty,
                "docs/reasons.md and Reason.Code differ. Missing from the table: \(missing). In the table but not in the program: \(extra).")
        let repeated = Dictionary(grouping: documented, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "docs/reasons.md lists these codes more than once: \(repeated)")
    }

    /// Every `](target)` in README.md and docs/*.md that is not a web
    /// address or an anchor on the same page names a file that exists,
    /// relative to the page it is on.
    @Test func relativeLinksPointToFiles() throws {
        var broken: [String] = []
        var checked = 0
        for file in try Self.markdownFiles() {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let folder = (file as NSString).deletingLastPathComponent
            for target in Self.linkTargets(in: text) {
                if target.hasPrefix("http://") || target.hasPrefix("https://")
                    || target.hasPrefix("mailto:") || target.hasPrefix("#") { continue }
                let path = String(target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
                let resolved = ((folder as NSString).appendingPathComponent(path) as NSString).standardizingPath
                checked += 1
                if !FileManager.default.fileExists(atPath: resolved) {
                    broken.append("\((file as NSString).lastPathComponent): \(target)")
                }
            }
        }
        #expect(checked > 0, "no relative links found: the parser is not reading the pages")
        #expect(broken.isEmpty, "links to files that do not exist: \(broken)")
    }

    /// What stands between `](` and the next `)` on the same line.
    static func linkTargets(in text: String) -> [String] {
        var targets: [String] = []
        for line in text.split(separator: "\n") {
            var rest = line[...]
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                targets.append(String(after[..<close]).trimmingCharacters(in: .whitespaces))
                rest = after[after.index(after: close)...]
            }
        }
        return targets
    }
}
