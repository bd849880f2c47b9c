/// Contact details in a caption, as people write them: each scanner is one
/// pass over the normalized text (see `CaptionText.normalized`), so that
/// full-width digits, no-break spaces and zero-width characters are already
/// plain digits, spaces and nothing.
enum ContactDetails {
    enum Kind: CaseIterable {
        case email, phone, postcode, webAddress, streetAddress

        var description: String {
            switch self {
            case .email: "an email address"
            case .phone: "a phone number"
            case .postcode: "a postcode"
            case .webAddress: "a web address"
            case .streetAddress: "a street address"
            }
        }
    }

    struct Found: Equatable {
        let kind: Kind
        let text: String
    }

    /// The first of each kind found.
    static func find(in normalized: String) -> [Found] {
        let lexer = CaptionLexer(normalized)
        let emails = emails(lexer)
        let found: [Found?] = [
            emails.first.map { Found(kind: .email, text: lexer.quote($0.lowerBound, through: $0.upperBound)) },
            PhoneNumbers.first(in: lexer.scalars).map { Found(kind: .phone, text: $0) },
            postcode(lexer).map { Found(kind: .postcode, text: $0) },
            webAddress(lexer, outside: emails).map { Found(kind: .webAddress, text: $0) },
            streetAddress(lexer).map { Found(kind: .streetAddress, text: $0) },
        ]
        return found.compactMap { $0 }
    }

    /// Top-level domains that end a web or email address written without
    /// "@" or "http" (two-letter ones that are English words, like "it" and
    /// "to", are left out: "done.It was" is a missing space, not a link).
    static let knownTopLevelDomains: Set<String> = [
        "com", "org", "net", "uk", "ie", "io", "co", "info", "biz", "ly", "gov", "edu", "app", "dev", "online",
        "site", "xyz", "eu", "de", "fr", "es", "nl", "tv", "fm", "gl", "gd", "ac", "sch", "scot", "wales", "cymru",
        "london", "email", "me", "uk.com", "page", "link", "club", "blog", "shop", "store", "live", "life", "world",
    ]

    /// Link shorteners and link pages under top-level domains left out above.
    static let shortLinks: Set<String> = ["youtu.be", "forms.gle", "linktr.ee", "t.co", "wa.me", "m.me", "fb.me", "goo.gl"]

    // MARK: Email

    /// `name@domain.tld`, and the ways people write one to dodge a filter:
    /// "name @ domain.com", "name(at)domain.com", "name at domain dot com".
    /// The items each email spans, first to last.
    static func emails(_ lexer: CaptionLexer) -> [ClosedRange<Int>] {
        let items = lexer.items
        var found: [ClosedRange<Int>] = []
        for at in items.indices where at > 0 && items[at - 1].kind == .word {
            let spelled = items[at].kind == .word && items[at].text == "at"
            let bracketed = isBracketed(items, at) { isWord("at")($0) || $0.kind == .at }
            guard items[at].kind == .at || spelled || bracketed else { continue }
            let domainStart = at + (bracketed ? 3 : 1)
            let obfuscated = spelled || bracketed || items[at].spaced || (domainStart < items.count && items[domainStart].spaced)
            guard let end = domain(items, from: domainStart, requireKnownEnding: obfuscated) else { continue }
            found.append(at - 1 ... end)
        }
        return found
    }

    /// "(at)", "[@]", "{dot}": the brackets are items of their own.
    static func isBracketed(_ items: [CaptionLexer.Item], _ open: Int, _ inside: (CaptionLexer.Item) -> Bool) -> Bool {
        guard open + 2 < items.count, items[open].kind == .other, "([{".contains(items[open].text) else { return false }
        return inside(items[open + 1]) && items[open + 2].kind == .other && ")]}".contains(items[open + 2].text)
    }

    static func isWord(_ word: String) -> (CaptionLexer.Item) -> Bool {
        { $0.kind == .word && $0.text == word }
    }

    /// A domain starting at `start`: labels joined by "." (or a spelled
    /// "dot"), at least two, the last alphabetic. Returns the index of its
    /// last item. At most ten labels are looked at: no domain has more.
    static func domain(_ items: [CaptionLexer.Item], from start: Int, requireKnownEnding: Bool) -> Int? {
        guard start < items.count, items[start].kind == .word else { return nil }
        var last = start
        var labels = 1
        var spelledDot = false
        var index = start + 1
        while labels < 10, index < items.count {
            var next = index
            if items[next].kind == .dot {
                next += 1
            } else if items[next].kind == .word && items[next].text == "dot" {
                next += 1
                spelledDot = true
            } else if isBracketed(items, next, isWord("dot")) {
                next += 3
                spelledDot = true
            } else {
                break
            }
            guard next < items.count, items[next].kind == .word else { break }
            last = next
            labels += 1
            index = next + 1
        }
        guard labels >= 2 else { return nil }
        let ending = items[last].text
        guard ending.count >= 2, ending.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) else { return nil }
        if (requireKnownEnding || spelledDot) && !knownTopLevelDomains.contains(ending) { return nil }
        return last
    }

    // MARK: Web address

    /// "http://…", "www.…", or a bare domain ending in a known top-level
    /// domain ("hillside-primary.co.uk", "facebook.com/amara").
    static func webAddress(_ lexer: CaptionLexer, outside emails: [ClosedRange<Int>]) -> String? {
        let items = lexer.items
        var start = 0
        var nextEmail = 0
        while start < items.count {
            defer { start += 1 }
            // An email's domain is part of the email.
            while nextEmail < emails.count, emails[nextEmail].upperBound < start { nextEmail += 1 }
            if nextEmail < emails.count, emails[nextEmail].contains(start) { continue }
            // A chain of labels is read from its first: not from inside an email's domain.
            guard items[start].kind == .word,
                  start == 0 || items[start].spaced || ![.at, .dot].contains(items[start - 1].kind) else { continue }
            let word = items[start].text
            if word == "http" || word == "https", start + 2 < items.count, items[start + 1].kind == .colon,
               items[start + 2].kind == .slash {
                return lexer.quote(start, through: lexer.lastBeforeSpace(from: start))
            }
            // Labels written together, no spaces around the dots.
            var last = start
            while last + 2 < items.count, items[last + 1].kind == .dot, !items[last + 1].spaced,
                  items[last + 2].kind == .word, !items[last + 2].spaced {
                last += 2
            }
            guard last > start else { continue }
            let ending = items[last].text
            let domain = last - start == 2 ? word + "." + ending : ""
            if word == "www" || knownTopLevelDomains.contains(ending) || shortLinks.contains(domain) {
                return lexer.quote(start, through: lexer.lastBeforeSpace(from: last))
            }
            start = last  // each chain of labels is read once
        }
        return nil
    }

    // MARK: Postcode

    /// A UK postcode, any case, with any spaces (or none) between its halves.
    static func postcode(_ lexer: CaptionLexer) -> String? {
        let items = lexer.items
        for index in items.indices where items[index].kind == .word {
            let word = items[index].text.uppercased()
            if word.count >= 5 && word.count <= 7, isOutward(word.dropLast(3)), isInward(word.suffix(3)) {
                return lexer.quote(index, through: index)
            }
            if isOutward(Substring(word)), index + 1 < items.count, items[index + 1].kind == .word,
               items[index + 1].spaced, isInward(Substring(items[index + 1].text.uppercased())) {
                return lexer.quote(index, through: index + 1)
            }
        }
        return nil
    }

    /// A1, A11, AA1, AA11, A1A, AA1A, or GIR.
    static func isOutward(_ text: Substring) -> Bool {
        let s = Array(text.unicodeScalars)
        guard text != "GIR" else { return true }
        guard (2 ... 4).contains(s.count), s.allSatisfy(\.isASCII) else { return false }
        let letter: (Unicode.Scalar) -> Bool = { ("A" ... "Z").contains($0) }
        let digit: (Unicode.Scalar) -> Bool = { ("0" ... "9").contains($0) }
        guard letter(s[0]), !"QVX".unicodeScalars.contains(s[0]) else { return false }
        switch s.count {
        case 2: return digit(s[1])
        case 3: return (digit(s[1]) && (digit(s[2]) || letter(s[2]))) || (letter(s[1]) && digit(s[2]))
        default: return letter(s[1]) && digit(s[2]) && (digit(s[3]) || letter(s[3]))
        }
    }

    /// 1AA: a digit and two letters (never C, I, K, M, O or V).
    static func isInward(_ text: Substring) -> Bool {
        let s = Array(text.unicodeScalars)
        guard s.count == 3, ("0" ... "9").contains(s[0]) else { return false }
        return s.dropFirst().allSatisfy { ("A" ... "Z").contains($0) && !"CIKMOV".unicodeScalars.contains($0) }
    }

    // MARK: Street address

    /// Street types that are seldom anything else, so that "12 acacia
    /// avenue" in small letters counts too.
    static let streetTypes: Set<String> = [
        "road", "rd", "street", "avenue", "ave", "lane", "ln", "drive", "crescent", "cres", "gardens", "gdns", "grove",
        "terrace", "tce", "mews", "boulevard", "parade",
    ]
    /// Words that are street types when capitalised ("Mill Close") and
    /// ordinary words otherwise ("round the close").
    static let capitalisedStreetTypes: Set<String> = [
        "st", "way", "close", "court", "ct", "place", "pl", "row", "walk", "square", "sq", "hill", "rise", "view", "vale",
        "meadows", "end", "park", "green", "gate", "croft", "dr",
    ]

    /// Words of a sentence, never of a street's name: "Year 3 walked along
    /// the lane" is not an address.
    static let sentenceWords: Set<String> = [
        "the", "a", "an", "to", "up", "down", "along", "across", "round", "around", "on", "in", "at", "by", "of", "and",
        "from", "into", "past", "over", "near", "our", "their", "his", "her", "my", "your", "we", "they", "went", "walked",
        "ran", "for", "with", "is", "are", "was", "were",
    ]

    /// A house number (or a range, "12-14"; a comma may follow), one to
    /// three words and a street type: "12 Acacia Avenue", "221b Baker St",
    /// "12, acacia avenue".
    static func streetAddress(_ lexer: CaptionLexer) -> String? {
        let items = lexer.items
        for start in items.indices where items[start].isNumber && isHouseNumber(items[start].text) {
            var index = start + 1
            if index < items.count, items[index].kind == .other, items[index].text == "," { index += 1 }
            let first = index
            while index < items.count, index - first <= 3, items[index].kind == .word,
                  !sentenceWords.contains(items[index].text) {
                let word = items[index].text
                if index > first, streetTypes.contains(word) || (items[index].capitalised && capitalisedStreetTypes.contains(word)) {
                    return lexer.quote(start, through: index)
                }
                index += 1
            }
        }
        return nil
    }

    /// 1 to 4 digits and an optional letter: "12", "221b".
    static func isHouseNumber(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1 ... 2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            let digits = part.prefix { ("0" ... "9").contains($0) }
            return (1 ... 4).contains(digits.count) && part.count - digits.count <= 1 && part.dropFirst(digits.count).allSatisfy(\.isLetter)
        }
    }
}
