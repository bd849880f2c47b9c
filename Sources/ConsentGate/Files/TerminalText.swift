/// Text from outside (file names, captions, names in the register) made safe
/// to show on a terminal: control characters, which can move the cursor,
/// erase a heading or retitle the window, and bidirectional overrides, which
/// can make "gpj.exe" read as "exe.jpg", are written as visible escapes
/// such as \u{1B}.
public enum TerminalText {
    /// Every control character escaped; with `keepingNewlines`, line breaks
    /// stay (for whole reports whose own fields are already escaped).
    public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingNewlines) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, keepingNewlines) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar, _ keepingNewlines: Bool) -> Bool {
        if scalar == "\n" { return !keepingNewlines }
        if scalar.properties.generalCategory == .control { return true }  // C0, DEL, C1 (ESC, CSI, ...)
        switch scalar.value {
        case 0x200E, 0x200F, 0x061C, 0x202A ... 0x202E, 0x2066 ... 0x2069:  // bidi marks, embeddings, overrides, isolates
            return true
        case 0x2028, 0x2029:  // line and paragraph separators
            return true
        default:
            return false
        }
    }
}

extension String {
    /// This text as it may be shown on a terminal (see `TerminalText`).
    public var forTerminal: String { TerminalText.escaped(self) }
}
