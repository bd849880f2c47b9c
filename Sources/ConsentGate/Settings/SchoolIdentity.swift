import Foundation
import ImageStructure

/// The school a new workspace is for: its name (the watermark's text, the
/// EXIF Artist and Copyright of every published photo) and its logo. `init`
/// writes them into the copied configuration, so that no school publishes
/// under the template's example school.
public struct SchoolIdentity: Sendable {
    public let name: String
    /// A PNG to copy as the workspace's logo.png; nil for a text-only mark.
    public let logo: String?

    /// Refuses a name that cannot be a school's on one line, and a logo that is not a readable PNG.
    public init(name: String, logo: String?) throws(SettingsError) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        // The copyright adds 26 bytes to the name; settings allow 200. No
        // line or paragraph separators, controls, format or unassigned characters.
        let refused: Set<Unicode.GeneralCategory> = [.control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate, .privateUse]
        guard !trimmed.isEmpty, trimmed.utf8.count <= 170,
              !trimmed.unicodeScalars.contains(where: { refused.contains($0.properties.generalCategory) }) else {
            throw SettingsError("The school's name must be one line of 1 to 170 bytes of ordinary text.")
        }
        if let logo {
            guard let handle = FileHandle(forReadingAtPath: logo), let head = try? handle.read(upToCount: 64),
                  ImageFormat.sniff([UInt8](head)) == .png else {
                throw SettingsError("The logo \(logo) is not a readable PNG file.")
            }
        }
        self.name = trimmed
        self.logo = logo
    }

    /// The template's text with this school's name in `school.name`,
    /// `school.copyright` and `watermark.text`, and without `watermark.logo`
    /// when there is no logo. Comments and every other setting stay.
    public func personalise(_ template: String) -> String {
        let quoted = "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        let copyright = "\"Copyright " + String(quoted.dropFirst().dropLast()) + ". Not for reuse.\""
        var section = ""
        let lines = template.components(separatedBy: "\n").compactMap { line -> String? in
            if let first = line.first, !first.isWhitespace, first != "#", let colon = line.firstIndex(of: ":") {
                section = String(line[..<colon])
            }
            let key = line.trimmingCharacters(in: .whitespaces).prefix { $0 != ":" }
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return line }
            switch (section, key) {
            case ("school", "name"): return "  name: " + quoted
            case ("school", "copyright"): return "  copyright: " + copyright
            case ("watermark", "text"): return "  text: " + quoted + "   # remove the line for the logo only"
            case ("watermark", "logo") where logo == nil: return nil
            default: return line
            }
        }
        return lines.joined(separator: "\n")
    }
}
