/// Phone numbers as people write them: UK numbers with spaces, dashes, dots
/// or brackets between the groups ("01632 960 001", "07700-900-123",
/// "(020) 7946 0000"), in international form ("+44 (0)7700 900123",
/// "0044 7700 900123"), and any other country's number written with "+".
/// Full-width digits and no-break spaces arrive here as plain ones.
enum PhoneNumbers {
    /// The first number found, as written.
    static func first(in scalars: [Unicode.Scalar]) -> String? {
        var index = 0
        while index < scalars.count {
            let startsRun = isDigit(scalars[index]) || scalars[index] == "+" || scalars[index] == "("
            guard startsRun, index == 0 || !isWordCharacter(scalars[index - 1]) else {
                index += 1
                continue
            }
            let run = Run(scalars, from: index)
            if let number = run.phoneNumber() { return number }
            index = max(run.end, index + 1)
        }
        return nil
    }

    /// Digit groups with at most a few separators between them.
    struct Run {
        struct Group { let digits: [Unicode.Scalar]; let range: Range<Int>; let bracketed: Bool }

        let scalars: [Unicode.Scalar]
        let plus: Bool
        var groups: [Group] = []
        var end: Int

        init(_ scalars: [Unicode.Scalar], from start: Int) {
            self.scalars = scalars
            plus = scalars[start] == "+"
            var index = plus ? start + 1 : start
            var separators = 0
            end = index
            while index < scalars.count {
                let scalar = scalars[index]
                if isDigit(scalar) {
                    let groupStart = index
                    while index < scalars.count, isDigit(scalars[index]) { index += 1 }
                    let bracketed = groupStart > 0 && scalars[groupStart - 1] == "(" && index < scalars.count && scalars[index] == ")"
                    groups.append(Group(digits: Array(scalars[groupStart ..< index]), range: groupStart ..< index, bracketed: bracketed))
                    end = index
                    separators = 0
                } else if " -.()".unicodeScalars.contains(scalar), separators < 3 {
                    separators += 1
                    index += 1
                } else {
                    break
                }
            }
            // Digits running straight into letters ("0800abc", "9am") are
            // not part of a number; the groups before them may be one.
            if end < scalars.count, isWordCharacter(scalars[end]), !isDigit(scalars[end]), !groups.isEmpty { groups.removeLast() }
        }

        func phoneNumber() -> String? {
            for first in groups.indices {
                if let last = numberEnding(from: first) {
                    let start = first == 0 && plus ? groups[0].range.lowerBound - 1 : groups[first].range.lowerBound
                    let opening = start > 0 && scalars[start - 1] == "(" ? start - 1 : start
                    let closing = groups[last].bracketed ? groups[last].range.upperBound + 1 : groups[last].range.upperBound
                    return String(String.UnicodeScalarView(scalars[opening ..< closing]))
                }
            }
            return nil
        }

        /// The last group of a whole number starting at this group, if one does.
        func numberEnding(from first: Int) -> Int? {
            let leading = groups[first].digits
            let international = (first == 0 && plus) || leading.starts(with: ["0", "0"])
            guard international || (leading.first == "0" && leading.count >= 3) else { return nil }
            var digits: [Unicode.Scalar] = []
            for index in first ..< groups.count {
                // A "(0)" after +44 is the trunk prefix, written but not dialled.
                let isTrunkZero = index > first && groups[index].bracketed && groups[index].digits == ["0"]
                if !isTrunkZero { digits += groups[index].digits }
                if international {
                    var number = digits.starts(with: ["0", "0"]) ? Array(digits.dropFirst(2)) : digits
                    if number.starts(with: ["4", "4"]) {
                        number.removeFirst(2)
                        if number.first == "0" { number.removeFirst() }
                        if (9 ... 10).contains(number.count) { return index }
                    } else if number.count >= 8 && number.count <= 15 && (first == 0 && plus) {
                        if index == groups.count - 1 || digits.count + groups[index + 1].digits.count > 15 { return index }
                    }
                } else if (10 ... 11).contains(digits.count) {
                    return index
                }
                if digits.count > 15 { return nil }
            }
            return nil
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0" ... "9").contains(scalar) }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
