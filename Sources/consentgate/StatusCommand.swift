import ArgumentParser
import ConsentGate
import Foundation

struct StatusCommand: ServedCommand {
    static let action = Action.status
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Your own submissions and what became of them.",
        discussion: "Only yours: the account running this, as the service sees it.")

    @ParentCommand var consentgate: ConsentGateCommand
    var global: GlobalOptions { consentgate.global }
    @Option(help: "How many of the latest to show.") var last = 20
    @Flag(help: "Print JSON.") var json = false

    struct Line: Encodable {
        let ledger: Int
        let recordedAt: String
        let decision: String
        let channel: String
        let via: String
        let reasons: [String]
    }

    func run() throws {
        let store = try global.store()
        let account = OSAccount.current
        let lines: [Line]
        do {
            let mine = Set([try store.staff().first { $0.account == account }?.id, "account:\(account)"].compactMap { $0 })
            lines = try store.ledger().filter { $0.decision != .changed && mine.contains($0.poster) }.suffix(max(last, 0))
                .map { Line(ledger: $0.seq, recordedAt: $0.recordedAt, decision: $0.decision.rawValue, channel: $0.channel,
                            via: $0.via, reasons: $0.reasons.map(\.code)) }
        } catch {
            throw fail(error.message)
        }
        if json { printJSON(lines); return }
        guard !lines.isEmpty else { say("No submissions from \(account) yet."); return }
        say(Table.render(["LEDGER", "RECORDED", "DECISION", "CHANNEL", "VIA", "REASONS"], lines.map {
            ["#\($0.ledger)", $0.recordedAt, $0.decision, $0.channel, $0.via, $0.reasons.isEmpty ? "-" : $0.reasons.joined(separator: ",")]
        }))
    }
}
