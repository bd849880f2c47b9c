import Foundation
import SwiftCSV

/// Reads a register export (CSV) into people, or refuses the whole file with
/// every problem and its line number: nothing is ever half-imported.
public struct RegisterFile: Sendable {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let file: String
        public let problems: [Problem]
        public var description: String {
            "\(file) was not imported:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }

    public let format: RegisterFormat
    /// At most this many problems are listed; a wrong file usually has one per row.
    static let problemLimit = 25

    public init(format: RegisterFormat = RegisterFormat()) {
        self.format = format
    }

    public func read(_ bytes: [UInt8], name: String) throws(Refusal) -> [Person] {
        func refuse(_ line: Int, _ message: String) -> Refusal {
            Refusal(file: name, problems: [Problem(line: line, message: message)])
        }
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // Excel's "CSV UTF-8" BOM
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw refuse(1, "the file is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\".")
        }
        let csv: EnumeratedCSV
        var rows: [[String]] = []
        do {
            csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
            try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { rows.append($0) }
        } catch {
            throw refuse(1, "the file is not readable CSV (\(error)).")
        }
        let columns = try columnIndex(csv.header, refuse: refuse)
        var people: [Person] = []
        var problems: [Problem] = []
        var firstLine: [String: (line: Int, id: String)] = [:]
        var line = 2 + newlines(in: csv.header)
        for fields in rows {
            defer { line += 1 + newlines(in: fields) }
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard fields.count == csv.header.count else {
                problems.append(Problem(line: line, message: "has \(fields.count) fields but the header has \(csv.header.count)."))
                continue
            }
            switch person(fields, columns: columns) {
            case .success(let person):
                // Ids are one person whatever their case: T7 and t7 cannot be two children.
                if let earlier = firstLine[Register.idKey(person.id)] {
                    let spelled = earlier.id == person.id ? "" : " (as \(earlier.id): ids are the same whatever their case)"
                    problems.append(Problem(line: line, message: "id \(person.id) appears again, first on line \(earlier.line)\(spelled)."))
                } else {
                    firstLine[Register.idKey(person.id)] = (line, person.id)
                    people.append(person)
                }
            case .failure(let messages):
                problems += messages.list.map { Problem(line: line, message: $0) }
            }
            if problems.count >= Self.problemLimit { break }
        }
        guard problems.isEmpty else { throw Refusal(file: name, problems: Array(problems.prefix(Self.problemLimit))) }
        return people
    }

    private func columnIndex(_ header: [String], refuse: (Int, String) -> Refusal) throws(Refusal) -> [String: Int] {
        var columns: [String: Int] = [:]
        for (index, title) in header.enumerated() {
            guard let name = format.canonicalName(of: title) else { continue }  // extra columns are ignored
            if columns[name] != nil { throw refuse(1, "two columns mean \(name) (\"\(title)\" is the second).") }
            columns[name] = index
        }
        for required in ["id", "given_name", "family_name"] where columns[required] == nil {
            let mapped = format.columns[required].map { " (mapped to \"\($0)\")" } ?? ""
            let found = header.map { "\"\($0)\"" }.joined(separator: ", ")
            throw refuse(1, "there is no \(required) column\(mapped). The file's columns are \(found). If your export names "
                + "it differently, say which column it is under register: columns: in consentgate.yaml (for example "
                + "\(required): \(header.first.map { "\"\($0)\"" } ?? "\"Column name\"")).")
        }
        return columns
    }

    private struct Messages: Error { let list: [String] }

    private func person(_ fields: [String], columns: [String: Int]) -> Result<Person, Messages> {
        var messages: [String] = []
        func value(_ column: String) -> String {
            columns[column].map { fields[$0].trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        }
        func day(_ column: String) -> Day? {
            let text = value(column)
            guard !text.isEmpty else { return nil }
            guard let day = format.day(text) else {
                messages.append("\(column) \"\(text)\" is not a real date (\(format.dates.rawValue)).")
                return nil
            }
            return day
        }
        func choice<T: RawRepresentable>(_ column: String, default fallback: T) -> T where T.RawValue == String, T: CaseIterable {
            let text = value(column).lowercased()
            guard !text.isEmpty else { return fallback }
            guard let parsed = T(rawValue: text) else {
                messages.append("\(column) \"\(value(column))\" is not one of \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
                return fallback
            }
            return parsed
        }
        let id = value("id")
        if id.isEmpty { messages.append("the id is empty.") }
        if id.count > 64 || id.contains(where: { $0.isNewline || $0 == "," }) { messages.append("the id \"\(id)\" is not a usable id.") }
        var consents: [String: Person.ChannelConsent] = [:]
        for (column, _) in columns where column.hasPrefix("consent_") {
            let channel = String(column.dropFirst("consent_".count))
            let text = value(column)
            if text.isEmpty { consents[channel] = .init(status: .notReturned) }
            else if text.lowercased() == "given" || format.isYes(text) { consents[channel] = .init(status: .given) }
            else if text.lowercased() == "declined" || format.isNo(text) { consents[channel] = .init(status: .declined) }
            else { messages.append("\(column) \"\(text)\" is not given, declined or empty." + yesNoHint(text)) }
        }
        let dnpText = value("do_not_publish")
        var doNotPublish = false
        if dnpText.lowercased() == "yes" || format.isYes(dnpText) { doNotPublish = true }
        else if !(dnpText.isEmpty || dnpText.lowercased() == "no" || format.isNo(dnpText)) {
            messages.append("do_not_publish \"\(dnpText)\" is not yes, no or empty." + yesNoHint(dnpText))
        }
        let person = Person(
            id: id, givenName: value("given_name"), familyName: value("family_name"),
            kind: choice("kind", default: Person.Kind.pupil), naming: choice("naming", default: Person.Naming.none),
            consents: consents, validFrom: day("valid_from"), validUntil: day("valid_until"),
            withdrawnOn: day("withdrawn_on"), doNotPublish: doNotPublish, restrictions: value("restrictions"),
            recordedBy: value("recorded_by"), recordedOn: day("recorded_on"), source: value("source"))
        if person.givenName.isEmpty && person.familyName.isEmpty { messages.append("the person has no name.") }
        if let from = person.validFrom, let until = person.validUntil, until < from {
            messages.append("valid_until \(until) is before valid_from \(from).")
        }
        return messages.isEmpty ? .success(person) : .failure(Messages(list: messages))
    }

    /// Where an export writes Yes/No, Y/N or ticks: how to tell the gate
    /// what they mean, rather than guessing.
    private func yesNoHint(_ text: String) -> String {
        let words = ["yes", "no", "y", "n", "true", "false", "1", "0", "x", "✓", "✔", "ticked", "agreed", "refused"]
        guard words.contains(text.lowercased()) else { return "" }
        return " If your export writes \"\(text)\", say what it means under register: yes: [...] or no: [...] in consentgate.yaml."
    }

    private func newlines(in fields: [String]) -> Int {
        fields.reduce(0) { $0 + $1.filter(\.isNewline).count }
    }
}
