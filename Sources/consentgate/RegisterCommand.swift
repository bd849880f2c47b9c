import ArgumentParser
import ConsentGate
import Foundation

struct RegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "The consent register: import, list, show, withdraw.",
        subcommands: [Import.self, List.self, Show.self, Withdraw.self])

    struct Import: ServedCommand {
        static let action = Action.changeRegister
        var callerFiles: [String] { [file] }

        static let configuration = CommandConfiguration(
            abstract: "Import the register from the school's CSV export.",
            discussion: "The whole file is checked first; a file with any problem is refused whole, with line numbers.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Argument(help: "The register export (CSV).") var file: String

        func run() throws {
            let settings = try global.settings()
            let store = try global.store()
            let summary: ImportSummary
            do {
                summary = try RegisterImport.run(file, format: settings.registerFormat, into: store)
            } catch {
                throw fail(error.description)
            }
            say(RegisterReport.summary(summary))
            let missing = settings.channelNames.filter { !summary.channelsInFile.contains($0) }
            if summary.rows > 0, !missing.isEmpty {
                say("note: the file has no consent column for \(missing.joined(separator: ", ")); nobody has consent there.")
            }
        }
    }

    struct List: ServedCommand {
        static let action = Action.readRegister

        static let configuration = CommandConfiguration(abstract: "Everyone in the register, with consent as of today.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Option(help: "Show consent as of this day instead of today (01/12/2026 or 2026-12-01).", transform: Day.argument)
        var on: Day?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let settings = try global.settings()
            let store = try global.store()
            do {
                let register = try store.register()
                let view = RegisterView(register: register, channels: settings.channelNames, date: on ?? settings.today())
                if json { printJSON(view.entries) } else { say(view.table) }
            } catch {
                throw fail(error.message)
            }
        }
    }

    struct Show: ServedCommand {
        static let action = Action.readRegister

        static let configuration = CommandConfiguration(abstract: "One person's consent and its history.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Argument(help: "The person's register id (any case) or full name.") var person: String

        func run() throws {
            let settings = try global.settings()
            let store = try global.store()
            do {
                let person = try store.register().person(self.person)
                let view = RegisterView(register: Register([person]), channels: settings.channelNames, date: settings.today())
                say(view.details(person, history: try store.history(of: person.id)))
            } catch let error as StoreError {
                throw fail(error.message)
            }
        }
    }

    struct Withdraw: ServedCommand {
        static let action = Action.changeRegister

        static let configuration = CommandConfiguration(
            abstract: "Record that consent for a channel is withdrawn.",
            discussion: "From that day on, no photo of the person is approved for that channel, and `audit` lists the published ones for takedown.")

        @ParentCommand var consentgate: ConsentGateCommand
        var global: GlobalOptions { consentgate.global }
        @Argument(help: "The person's register id (any case) or full name.") var person: String
        @Option(help: "The channel (facebook, website, ...), several comma-separated, or all.") var channel: String
        @Option(help: "The first day consent no longer counts (default: today; 01/12/2026 or 2026-12-01).",
                transform: Day.argument)
        var on: Day?

        func run() throws {
            let settings = try global.settings()
            let channels = try settings.channels(channel)
            let store = try global.store()
            let day = on ?? settings.today()
            do {
                let id = try store.register().person(person).id
                for channel in channels {
                    switch try store.withdraw(id, channel: channel, on: day, by: OSAccount.current) {
                    case .recorded:
                        say("Recorded: consent of \(id) for \(channel) is withdrawn from \(day.spelled).")
                    case .alreadyWithdrawn(let earlier):
                        say("Already recorded: consent of \(id) for \(channel) was withdrawn from \(earlier.spelled).")
                    }
                }
            } catch let error as StoreError {
                throw fail(error.message)
            }
        }
    }
}
