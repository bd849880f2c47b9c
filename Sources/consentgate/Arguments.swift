import ArgumentParser
import ConsentGate
import Foundation

extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(iso: argument)
    }

    public var defaultValueDescription: String { description }
}

extension GlobalOptions {
    var workspaceFolder: Workspace { Workspace(workspacePath) }

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
