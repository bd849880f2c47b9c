import ArgumentParser
import ConsentGate
import Foundation
import Imaging

struct AuditCommand: ServedCommand {
    static let action = Action.audit

    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check what has been published against the ledger and today's consent.",
        discussion: """
            Verifies the ledger; checks every published file is still what the gate wrote; decides every \
            published photo again against today's register (a withdrawal, an expiry or a safeguarding flag \
            puts it on the takedown list); lists files in published/ that never went through the gate; with \
            --match, recognises images downloaded back from the page. Exit status: 0 clean, 3 findings, 1 failure.
            """)

    @ParentCommand var consentgate: ConsentGateCommand
    var global: GlobalOptions { consentgate.global }
    @Option(help: "Decide as of this day instead of today (01/12/2026 or 2026-12-01).", transform: Day.argument) var on: Day?
    @Option(help: "A folder of images downloaded from the page, to match to the ledger.") var match: String?
    @Option(help: "Also write a printable HTML report with thumbnails to this file.") var html: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func run() throws {
        // Through the service these would read or write as the service, anywhere it can.
        if Caller.forwardedUID != nil, match != nil || html != nil {
            throw fail("--match and --html read and write files on this machine: run them as the service's account, or root.")
        }
        let settings = try global.settings()
        let store = try global.store()
        if match != nil || html != nil { Renderer.prepare() }  // pictures will be decoded
        let workspace = global.workspaceFolder
        if let match, !FileManager.default.fileExists(atPath: match) {
            throw ValidationError("There is no folder \(match).")
        }
        let bar = ProgressBar(enabled: !json && isatty(2) != 0)
        let report: AuditReport
        do {
            report = try Auditor(workspace: workspace, settings: settings, store: store)
                .run(on: on ?? settings.today(), match: match, progress: bar.update)
        } catch {
            throw fail(error.message)
        }
        bar.finish()
        if let html {
            let page = AuditPage.html(report, workspace: workspace, school: settings.schoolName)
            do {
                try DurableFile.write(Array(page.utf8), to: html, mode: 0o600)
            } catch {
                throw fail("cannot write \(html): \(error)")
            }
        }
        if json { printJSON(report) } else { say(AuditText.render(report, html: html)) }
        if report.hasFindings { throw ExitStatus.someRejected }
    }
}

/// `[#####.....] 120/2000` on stderr, only in a terminal and only for long audits.
final class ProgressBar: @unchecked Sendable {
    let enabled: Bool
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total >= 20, done == total || done % max(1, total / 100) == 0 else { return }
        let filled = done * 30 / max(total, 1)
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled) + "] \(done)/\(total)"
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

enum AuditText {
    static func render(_ report: AuditReport, html: String?) -> String {
        var lines = ["Audit as of \(report.date): \(report.published) published photo\(report.published == 1 ? "" : "s").",
                     "Ledger: \(report.ledgerMessage)."]
        func heading(_ title: String, _ count: Int) { lines.append(""); lines.append("\(title) (\(count))") }
        heading("TAKE DOWN", report.takedowns.count)
        for takedown in report.takedowns {
            lines.append("  \(takedown.derivative.forTerminal)  [\(takedown.channel), published \(takedown.publishedOn), ledger #\(takedown.ledger)]")
            lines += takedown.reasons.map { "      \($0.code): \($0.message.forTerminal)" }
        }
        heading("CHANGED SINCE PUBLICATION", report.changed.count)
        lines += report.changed.map { "  \($0.derivative.forTerminal)  [ledger #\($0.ledger)]: \($0.problem.forTerminal)" }
        heading("UNKNOWN FILES IN published/ (never through the gate)", report.unknown.count)
        lines += report.unknown.map { "  \($0.forTerminal)" }
        if !report.matched.isEmpty || !report.notFromGate.isEmpty {
            heading("DOWNLOADED COPIES MATCHED", report.matched.count)
            lines += report.matched.map {
                "  \(($0.file as NSString).lastPathComponent.forTerminal) -> \($0.derivative.forTerminal) (ledger #\($0.ledger), \($0.distance) bits)"
                    + ($0.mustComeDown ? "  MUST COME DOWN" : "")
            }
            heading("NOT FROM THE GATE", report.notFromGate.count)
            lines += report.notFromGate.map { "  \(($0 as NSString).lastPathComponent.forTerminal)" }
        }
        heading("HELD FOR REVIEW (not published)", report.held.count)
        lines += report.held.map {
            "  \($0.folder)/  [\($0.channel), held since \($0.heldSince), \($0.days) day\($0.days == 1 ? "" : "s"), ledger #\($0.ledger)]: "
                + $0.reasons.joined(separator: ", ")
        }
        heading("CHANGES OF STAFF, REGISTER AND SETTINGS", report.changes.count)
        lines += report.changes.map { "  #\($0.ledger)  \($0.recordedAt)  \($0.by.forTerminal)  \($0.via): \($0.change.forTerminal)" }
        lines.append("")
        lines.append("Clean: \(report.clean.count).")
        if let html { lines.append("Printable report with thumbnails: \(html.forTerminal)") }
        return lines.joined(separator: "\n")
    }
}
