import ArgumentParser
import ConsentGate
import Foundation

extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        guard let day = Day(iso: argument) ?? Day(british: argument) else { return nil }
        self = day
    }

    public var defaultValueDescription: String { description }

    /// For `--on`: ISO (2026-12-01) or as UK staff write it (01/12/2026),
    /// with the formats in the error.
    static func argument(_ text: String) throws -> Day {
        guard let day = Day(argument: text) else {
            throw ValidationError("\"\(text)\" is not a day. Write it as day/month/year (01/12/2026) or year-month-day (2026-12-01).")
        }
        return day
    }
}

extension Settings {
    /// The channels meant by "facebook", "Facebook,website" or "all".
    func channels(_ text: String) throws -> [String] {
        let names = text.split(separator: ",").map { Settings.channelKey(String($0)) }.filter { !$0.isEmpty }
        if names == ["all"] { return channelNames }
        guard !names.isEmpty else { throw ValidationError("Name a channel (\(channelNames.joined(separator: ", ")), or all.") }
        var channels: [String] = []
        for name in names {
            do { channels.append(try channel(name).name) } catch { throw ValidationError(error.message + " Or all of them: all.") }
        }
        return channels
    }
}

extension Register {
    /// The one person an id or a full name means, or a usage error with the
    /// candidates or what might have been meant.
    func person(_ entry: String) throws -> Person {
        let found = lookup(entry)
        guard case .found(let person) = found else { throw UsageError(found.explanation(for: entry)) }
        return person
    }
}

extension GlobalOptions {
    /// The named workspace; for init (and preview, which needs none), the current folder when none is named.
    var workspaceFolder: Workspace { Workspace(workspacePath ?? FileManager.default.currentDirectoryPath) }

    func settings() throws -> Settings {
        do {
            return try workspaceFolder.settings()
        } catch {
            throw fail(error.message)
        }
    }

    func store() throws -> Store {
        do {
            return try workspaceFolder.store()
        } catch {
            throw fail(error.message)
        }
    }
}

/// Pads columns for a table a teacher can read in a terminal.
enum Table {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        let rows = rows.map { $0.map(\.forTerminal) }
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

func printJSON(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self))
}
