import ConsentGate
import Imaging
import Testing

/// Table-driven: every reason code alone, in combination, and at the
/// boundary days (the day consent starts, ends, is withdrawn).
@Suite("The decision policy")
struct PolicyTests {
    static let today = Day(iso: "2026-11-25")!
    static let yesterday = today.adding(days: -1), tomorrow = today.adding(days: 1)

    static func person(_ id: String, _ given: String, _ family: String, naming: Person.Naming = .none,
                       facebook: Person.ConsentStatus = .given, change: (inout Person) -> Void = { _ in }) -> Person {
        var person = Person(id: id, givenName: given, familyName: family, naming: naming,
                            consents: ["facebook": .init(status: facebook), "website": .init(status: .given)],
                            validFrom: Day(iso: "2026-09-01"), validUntil: Day(iso: "2027-08-31"))
        change(&person)
        return person
    }

    static let base = Register([
        person("P1", "Amara", "Okafor", naming: .first),
        person("P2", "Oliver", "Bennett"),
        person("S1", "Helen", "Carter", naming: .full),
    ])

    static let staff = [
        StaffMember(id: "HC", name: "Helen Carter", account: "hcarter", channels: ["facebook", "website"],
                    validFrom: Day(iso: "2026-09-01"), validUntil: Day(iso: "2027-08-31")),
        StaffMember(id: "TW", name: "Tom Webb", account: "twebb", channels: ["website"]),
    ]

    func decide(account: String = "hcarter", people: Submission.People = .listed(["P1"]), caption: String = "",
                channel: String = "facebook", register: Register = base, staff: [StaffMember] = staff,
                on date: Day = today) -> Decision {
        Policy.decide(Submission(posterAccount: account, people: people, caption: caption, channel: channel),
                      in: PolicyContext(staff: staff, register: register, date: date,
                                        channels: ["facebook", "website", "newsletter", "press"]))
    }

    func codes(_ decision: Decision) -> [Reason.Code] { decision.reasons.map(\.code) }

    func registerWith(_ change: @escaping (inout Person) -> Void) -> Register {
        Register([Self.person("P1", "Amara", "Okafor", naming: .first, change: change)])
    }

    @Test func wellFormedSubmissionIsApproved() {
        #expect(decide() == .approved)
        #expect(decide(people: .listed(["P1", "P2", "S1"])) == .approved)
        #expect(decide(people: .nobody) == .approved)
    }

    // MARK: each code alone

    @Test func unknownChannel() {
        let staff = [StaffMember(id: "X", name: "X", account: "hcarter", channels: ["instagram"])]
        let register = registerWith { $0.consents["instagram"] = .init(status: .given) }
        #expect(codes(decide(channel: "instagram", register: register, staff: staff)) == [.channelUnknown])
    }

    @Test func posterNotDesignated() {
        let decision = decide(account: "intruder")
        #expect(codes(decision) == [.posterNotDesignated])
        #expect(decision.reasons[0].message.contains("intruder"))
    }

    @Test func posterNotForChannel() {
        #expect(codes(decide(account: "twebb")) == [.posterNotForChannel])
        #expect(decide(account: "twebb", channel: "website") == .approved)
    }

    @Test func posterExpiresAfterTheirLastDay() {
        let staff = [StaffMember(id: "HC", name: "Helen Carter", account: "hcarter", channels: ["facebook"], validUntil: Self.today)]
        #expect(decide(staff: staff) == .approved, "the last day still counts")
        #expect(codes(decide(staff: staff, on: Self.tomorrow)) == [.posterExpired])
    }

    @Test func posterNotYetValidBeforeTheirFirstDay() {
        let staff = [StaffMember(id: "HC", name: "Helen Carter", account: "hcarter", channels: ["facebook"], validFrom: Self.today)]
        #expect(decide(staff: staff) == .approved, "the first day counts")
        #expect(codes(decide(staff: staff, on: Self.yesterday)) == [.posterNotYetValid])
    }

    @Test(arguments: [Submission.People.undeclared, .listed([])])
    func peopleUndeclared(people: Submission.People) {
        #expect(codes(decide(people: people)) == [.peopleUndeclared])
    }

    @Test func personUnknown() {
        #expect(codes(decide(people: .listed(["P9"]))) == [.personUnknown])
        let left = registerWith { $0.inRegister = false }
        #expect(codes(decide(register: left)) == [.personUnknown])
    }

    @Test func personNoConsentDeclinedOrNotReturned() {
        let declined = Register([Self.person("P1", "Amara", "Okafor", facebook: .declined)])
        #expect(codes(decide(register: declined)) == [.personNoConsent])
        #expect(decide(register: declined).reasons[0].message.contains("declined"))
        let notReturned = Register([Self.person("P1", "Amara", "Okafor", facebook: .notReturned)])
        #expect(codes(decide(register: notReturned)) == [.personNoConsent])
        #expect(decide(register: notReturned).reasons[0].message.contains("returned"))
        let noColumn = registerWith { $0.consents["facebook"] = nil }
        #expect(codes(decide(register: noColumn)) == [.personNoConsent])
    }

    @Test func consentStartsOnItsFirstDay() {
        let register = registerWith { $0.validFrom = Self.today }
        #expect(decide(register: register) == .approved)
        #expect(codes(decide(register: register, on: Self.yesterday)) == [.personConsentNotYetValid])
    }

    @Test func consentExpiresAfterItsLastDay() {
        let register = registerWith { $0.validUntil = Self.today }
        #expect(decide(register: register) == .approved)
        #expect(codes(decide(register: register, on: Self.tomorrow)) == [.personConsentExpired])
    }

    @Test func withdrawalCountsFromItsDay() {
        for (label, change) in [("whole register", { (p: inout Person) in p.withdrawnOn = Self.today }),
                                ("one channel", { (p: inout Person) in p.consents["facebook"]!.withdrawnOn = Self.today })] {
            let register = registerWith(change)
            #expect(decide(register: register, on: Self.yesterday) == .approved, "\(label): the day before")
            #expect(codes(decide(register: register)) == [.personConsentWithdrawn], "\(label): the day itself")
            #expect(codes(decide(register: register, on: Self.tomorrow)) == [.personConsentWithdrawn], "\(label): after")
        }
    }

    @Test func withdrawalForAnotherChannelDoesNotCount() {
        let register = registerWith { $0.consents["website"]!.withdrawnOn = Self.yesterday }
        #expect(decide(register: register) == .approved)
        #expect(codes(decide(channel: "website", register: register)) == [.personConsentWithdrawn])
    }

    @Test func doNotPublishWinsOverConsent() {
        let register = registerWith { $0.doNotPublish = true }
        #expect(codes(decide(register: register)) == [.personDoNotPublish])
        let message = decide(register: register).reasons[0].message
        #expect(message.contains("safeguarding"))
    }

    @Test func doNotPublishComesFirstAmongThePersonsReasons() {
        let register = registerWith { $0.doNotPublish = true; $0.consents["facebook"] = .init(status: .declined) }
        #expect(codes(decide(register: register)) == [.personDoNotPublish, .personNoConsent])
    }

    // MARK: captions

    @Test(arguments: [
        ("Oliver", "P2", true),                 // naming none: first name
        ("well done OLIVER!", "P2", true),      // any case
        ("Mr Bennett's class", "P2", true),     // family name alone, possessive
        ("Oliver Bennett", "P2", true),
        ("Amara", "P1", false),                 // naming first: first name is fine
        ("Amara's painting", "P1", false),
        ("Amara Okafor", "P1", true),           // ...but not in full
        ("Okafor", "P1", true),
        ("Helen Carter and her class", "S1", false),  // naming full
        ("Amaranth flowers", "P1", false),      // whole words only
        ("Olivers", "P2", false),
    ])
    func captionNamesPersonPictured(caption: String, pictured: String, rejected: Bool) {
        let decision = decide(people: .listed([pictured]), caption: caption)
        #expect(codes(decision) == (rejected ? [.captionNamesPerson] : []), "\(caption)")
        if rejected { #expect(decision.reasons[0].person == pictured) }
    }

    @Test func captionNamingSomeoneNotPicturedInFull() {
        #expect(codes(decide(people: .listed(["P1"]), caption: "With thanks to Oliver Bennett")) == [.captionNamesPerson])
        #expect(decide(people: .listed(["P1"]), caption: "Oliver helped") == .approved, "a first name alone of someone not pictured is too often an ordinary word")
    }

    @Test func accentsAreIgnoredWhenMatchingNames() {
        let register = Register([Self.person("P1", "Zoë", "Évans")])
        #expect(codes(decide(caption: "Zoe did well", register: register)) == [.captionNamesPerson])
    }

    @Test(arguments: [
        "Contact office@hillside.sch.uk for copies",
        "Call 07700 900123 to order",
        "Call +44 7700 900123",
        "Ring (01632) 960001",
        "Ring 01632-960001",
        "07700 900123 07700 900123",   // found by the property test: two numbers in one run
        "Tickets 12 07700 900123",
        "Visit us at SW1A 1AA",
        "we are at m1 1ae",
        "Drop off at EC1A1BB",
    ])
    func captionWithContactDetails(caption: String) {
        #expect(codes(decide(caption: caption)) == [.captionContactDetails], "\(caption)")
    }

    @Test(arguments: [
        "Year 6 won 3-0 on 25/11/2026",
        "Class 4B's trip, 2026-11-25",
        "Amara and the 120 runners",
        "Sports day 2026: 1st, 2nd and 3rd places",
        "Score: 10 - 12 - 14 - 16",
        "Classes of 2010 2011 2012",
    ])
    func ordinaryCaptionsAreNotContactDetails(caption: String) {
        #expect(decide(caption: caption) == .approved, "\(caption)")
    }

    // MARK: names and people tags

    @Test func peopleCanBeListedByFullName() {
        #expect(decide(people: .listed(["amara okafor"])) == .approved)
        #expect(decide(people: .listed(["  Amara   Okafor "])) == .approved)
        let decision = decide(people: .listed(["Ruby Clarke"]))
        #expect(codes(decision) == [.personUnknown])
        #expect(decision.reasons[0].person == nil, "a name that matches nobody is not recorded as an id")
    }

    @Test func aNameMatchingTwoPeopleIsNeverAGuess() {
        let register = Register([Self.person("P1", "Sam", "Lee"), Self.person("P2", "Sam", "Lee")])
        #expect(codes(decide(people: .listed(["Sam Lee"]), register: register)) == [.personAmbiguous])
        #expect(decide(people: .listed(["P1"]), register: register) == .approved)
    }

    func decide(people: Submission.People, tagged: [String], register: Register = base) -> Decision {
        Policy.decide(Submission(posterAccount: "hcarter", people: people, channel: "facebook", tagged: tagged),
                      in: PolicyContext(staff: Self.staff, register: register, date: Self.today, channels: ["facebook"]))
    }

    @Test func tagsSayWhoIsPicturedWhenNothingIsDeclared() {
        #expect(decide(people: .undeclared, tagged: ["Amara Okafor"]) == .approved)
        let declined = Register([Self.person("P1", "Amara", "Okafor", facebook: .declined)])
        #expect(codes(decide(people: .undeclared, tagged: ["Amara Okafor"], register: declined)) == [.personNoConsent])
        #expect(codes(decide(people: .undeclared, tagged: ["Someone Else"])) == [.personUnknown])
    }

    @Test func declarationAndTagsMustAgree() {
        #expect(decide(people: .listed(["P1"]), tagged: ["Amara Okafor"]) == .approved)
        #expect(codes(decide(people: .listed(["P1"]), tagged: ["Oliver Bennett"])) == [.peopleTagsDisagree])
        #expect(codes(decide(people: .listed(["P1"]), tagged: ["Amara Okafor", "Oliver Bennett"])) == [.peopleTagsDisagree])
        #expect(codes(decide(people: .nobody, tagged: ["Amara Okafor"])) == [.peopleTagsDisagree])
    }

    // MARK: combinations

    @Test func everyReasonIsListedInOrder() {
        let register = Register([
            Self.person("P1", "Amara", "Okafor", naming: .first, change: { $0.doNotPublish = true; $0.validUntil = Self.yesterday }),
            Self.person("P2", "Oliver", "Bennett", facebook: .declined),
        ])
        let decision = decide(account: "twebb", people: .listed(["P1", "P2", "P9", "P1"]),
                              caption: "Amara Okafor and Oliver, call 07700 900123", register: register)
        #expect(codes(decision) == [
            .posterNotForChannel,
            .personDoNotPublish, .personConsentExpired,
            .personNoConsent,
            .personUnknown,
            .captionNamesPerson, .captionNamesPerson,
            .captionContactDetails,
        ])
        #expect(decision.reasons.map(\.person) == [nil, "P1", "P1", "P2", "P9", "P1", "P2", nil])
        #expect(decision.reasons.allSatisfy { !$0.message.isEmpty })
    }

    @Test func sameInputsGiveTheSameDecision() {
        let a = decide(account: "twebb", people: .listed(["P2", "P9"]), caption: "Oliver")
        let b = decide(account: "twebb", people: .listed(["P2", "P9"]), caption: "Oliver")
        #expect(a == b)
    }

    /// More faces than people declared waits for a reviewer; as many or
    /// fewer (a face turned away, a person at the edge) does not.
    @Test(arguments: 0 ... 3) func facesBeyondTheDeclarationAreHeld(declared: Int) {
        for seen in 0 ... 4 {
            let reasons = Policy.hold(faces: .counted(seen), declared: declared)
            if seen > declared {
                #expect(reasons.map(\.code) == [.facesUndeclared] && reasons[0].person == nil)
                #expect(reasons[0].message.hasPrefix("\(seen) \(seen == 1 ? "face" : "faces") in the photo, "
                                                      + (declared == 1 ? "1 person" : "\(declared) people") + " declared."), "\(reasons[0].message)")
            } else {
                #expect(reasons.isEmpty, "\(seen) faces, \(declared) declared")
            }
        }
        let unchecked = Policy.hold(faces: .notChecked("no detector"), declared: declared)
        #expect(unchecked.map(\.code) == [.facesUnchecked] && unchecked[0].message.contains("(no detector)"))
    }

    @Test func everyCodeIsCoveredByTheseTests() {
        // Codes produced elsewhere (the gate, the watcher), not by the pure policy.
        let outsidePolicy: Set<Reason.Code> = Set(Reason.Code.allCases.filter {
            ["file.", "image.", "metadata.", "manifest."].contains(where: $0.rawValue.hasPrefix)
        }).union([.posterAccountMismatch, .peopleTagsUnreadable, .reviewRejected])
        let exercised: Set<Reason.Code> = [
            .channelUnknown, .posterNotDesignated, .posterNotForChannel, .posterNotYetValid, .posterExpired,
            .peopleUndeclared, .personUnknown, .personDoNotPublish, .personNoConsent, .personConsentNotYetValid,
            .personConsentExpired, .personConsentWithdrawn, .captionNamesPerson, .captionContactDetails,
            .personAmbiguous, .peopleTagsDisagree, .captionTooLong, .facesUndeclared, .facesUnchecked,
        ]
        #expect(exercised.union(outsidePolicy) == Set(Reason.Code.allCases))
    }
}

/// One vocabulary: a file or an image refused before the policy is
/// recorded under the same code it was refused with.
@Suite("Refusal codes are reason codes")
struct RefusalVocabularyTests {
    @Test func everyImageRefusalCodeIsAReasonCode() {
        let reasons = Set(Reason.Code.allCases.map(\.rawValue))
        #expect(ImageRefusal.Code.allCases.filter { !reasons.contains($0.rawValue) }.isEmpty)
        for code in ImageRefusal.Code.allCases {
            #expect(Reason(refusedAs: code, "m").code.rawValue == code.rawValue)
        }
    }

    @Test func everyFileRefusalCodeIsAReasonCode() {
        for code in FileRefusal.Code.allCases {
            #expect(Reason(refusedAs: code, "m").code.rawValue == code.rawValue)
        }
    }
}
