import Foundation

/// A caption, or a name, as the caption check reads it: as it looks to a
/// reader, not as it is encoded. Every step is one pass over the text.
enum CaptionText {
    /// Compatibility forms folded (NFKC: full-width digits and letters,
    /// no-break and other spaces, ligatures), default-ignorable characters
    /// dropped (soft hyphens, zero-width spaces and joiners, variation
    /// selectors), every kind of space a space and every dash a hyphen.
    static func normalized(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCompatibilityMapping.unicodeScalars {
            let properties = scalar.properties
            if properties.isDefaultIgnorableCodePoint { continue }
            if properties.isWhitespace {
                view.append(" ")
            } else if properties.generalCategory == .dashPunctuation || scalar == "\u{2212}" {
                view.append("-")
            } else {
                view.append(scalar)
            }
        }
        return String(view)
    }

    /// The words of a normalized text, each as a key to compare names by.
    /// Words end at anything but letters, marks, digits and apostrophes (so
    /// "Amara-Okafor" is two words), where a small letter meets a capital
    /// ("#AmaraOkafor") and where letters meet digits; see `key` for the
    /// folding.
    static func words(_ normalized: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var afterSmallLetter = false, afterDigit = false
        func endWord() {
            if !current.isEmpty, let key = key(String(current)) { words.append(key) }
            current = String.UnicodeScalarView()
        }
        for scalar in normalized.unicodeScalars {
            let properties = scalar.properties
            let isMark = [.nonspacingMark, .spacingMark, .enclosingMark].contains(properties.generalCategory)
            guard properties.isAlphabetic || properties.numericType != nil || isMark || apostrophes.contains(scalar) else {
                endWord()
                afterSmallLetter = false
                afterDigit = false
                continue
            }
            if properties.isUppercase && afterSmallLetter { endWord() }
            // "Amara2024": a number is a word of its own; but 0 and 1 stand
            // for O and l between letters ("Okaf0r"), so they take the kind
            // of what comes before them.
            var isDigit = properties.numericType != nil
            if scalar == "0" || scalar == "1" { isDigit = current.isEmpty ? false : afterDigit }
            if !current.isEmpty, !isMark, !apostrophes.contains(scalar), isDigit != afterDigit { endWord() }
            current.append(scalar)
            if !isMark {
                afterSmallLetter = properties.isLowercase
                if !apostrophes.contains(scalar) { afterDigit = isDigit }
            }
        }
        endWord()
        return words
    }

    static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{2018}", "\u{02BC}", "`"]

    /// A word without case, accents, a possessive "'s" or apostrophes
    /// ("O'Brien's" is "obrien"), and with look-alike letters replaced by
    /// the letters they imitate; nil if nothing is left.
    static func key(_ word: String) -> String? {
        var folded = String.UnicodeScalarView(lookAlikes(word).unicodeScalars.map { apostrophes.contains($0) ? "'" : $0 })
        if String(folded).hasSuffix("'s") { folded.removeLast(2) }
        folded.removeAll { $0 == "'" }
        let key = fold(Confusables.skeleton(String(folded)))
        return key.isEmpty ? nil : key
    }

    /// Lower case, every letter as the Latin letter it looks like. A
    /// capital is mapped before it is lowered (Cyrillic "М" looks like "M",
    /// but its small "м" like a small capital), except Latin letters, whose
    /// own skeletons ("I" to "l") would part "Isla" from "isla".
    static func lookAlikes(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            if scalar.isASCII || !scalar.properties.isUppercase {
                out.append(scalar)
            } else {
                out.append(contentsOf: Confusables.skeleton(String(scalar)).unicodeScalars)
            }
        }
        return fold(String(out))
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
