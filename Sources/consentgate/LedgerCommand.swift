import ArgumentParser
import ConsentGate

struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The hash-chained record of every decision.",
        subcommands: [Verify.self])

    struct Verify: ServedCommand {
        static let action = Action.audit

        static let configuration = CommandConfiguration(
            abstract: "Recompute the chain and name the first row that does not match.",
            discussion: "Exit status: 0 intact, 3 broken, 1 could not check.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }

        func run() throws {
            let store = try global.store()
            do {
                switch try store.verifyLedger() {
                case .intact(let entries):
                    say("The ledger is intact: \(entries) \(entries == 1 ? "entry" : "entries"), every hash and link recomputed.")
                case .broken(let seq, let reason):
                    say("The ledger is broken at row \(seq): \(reason).")
                    throw ExitStatus.someRejected
                }
            } catch let error as StoreError {
                throw fail(error.message)
            }
        }
    }
}
