import Foundation

/// How a school's export names its columns and spells its values, so that an
/// Arbor or SIMS export can be imported as it comes. The canonical names
/// and values (see docs/register.md) are always understood too.
public struct RegisterFormat: Sendable, Equatable {
    public enum DateStyle: String, Sendable, CaseIterable {
        case iso = "yyyy-mm-dd"
        case british = "dd/mm/yyyy"
    }

    /// Canonical column name (`id`, `given_name`, `consent_facebook`, ...) to the export's header.
    public var columns: [String: String]
    /// Extra spellings of yes (consent given; do not publish) and no (declined).
    public var yes: [String]
    public var no: [String]
    public var dates: DateStyle

    public init(columns: [String: String] = [:], yes: [String] = [], no: [String] = [], dates: DateStyle = .iso) {
        self.columns = columns
        self.yes = yes
        self.no = no
        self.dates = dates
    }

    public static let canonicalColumns: Set<String> = [
        "id", "given_name", "family_name", "kind", "naming", "valid_from", "valid_until",
        "withdrawn_on", "do_not_publish", "restrictions", "recorded_by", "recorded_on", "source",
    ]

    /// The canonical name for an export header, if it is one we read.
    func canonicalName(of header: String) -> String? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        if let mapped = columns.first(where: { $0.value.caseInsensitiveCompare(trimmed) == .orderedSame })?.key {
            return mapped
        }
        let lowered = trimmed.lowercased()
        if Self.canonicalColumns.contains(lowered) || lowered.hasPrefix("consent_") { return lowered }
        return nil
    }

    func isYes(_ value: String) -> Bool { yes.contains { $0.caseInsensitiveCompare(value) == .orderedSame } }
    func isNo(_ value: String) -> Bool { no.contains { $0.caseInsensitiveCompare(value) == .orderedSame } }

    func day(_ text: String) -> Day? {
        switch dates {
        case .iso: Day(iso: text)
        case .british: Day(british: text) ?? Day(iso: text)
        }
    }
}
