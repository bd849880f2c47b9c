import ConsentGate
import PropertyBased
import Synchronization
import Testing

/// Random registers, staff lists and submissions: an approval must imply
/// every condition the code of conduct sets, checked here by an oracle that
/// shares no code with the policy; and a do-not-publish flag on anyone
/// pictured must always turn an approval into a rejection.
@Suite("The decision policy, property-based")
struct PolicyPropertyTests {
    static let today = Day(iso: "2026-11-25")!
    static let channels = ["facebook", "website", "instagram"]  // instagram is not a school channel
    static let schoolChannels: Set<String> = ["facebook", "website"]
    static let names = [("Amara", "Okafor"), ("Oliver", "Bennett"), ("Ruby", "Clarke"), ("Leo", "Fischer"),
                        ("Isla", "Murray"), ("Noah", "Williams"), ("Grace", "Thompson")]
    static let fillers = ["well", "done", "class", "on", "sports", "day", "the", "trip", "office@hillside.sch.uk", "07700 900123"]

    /// One of the values, uniformly.
    static func pick<T: Sendable>(_ values: [T]) -> Generator<T, Shrink.Integer<Int>> {
        Gen.int(in: 0...(values.count - 1)).map { values[$0] }
    }

    /// Days relative to today: nil (no limit) or -2 ... +2.
    static let offset = Gen.int(in: -2...2).optional(valueRate: 0.5)

    static let person = zip(
        zip(pick([Person.ConsentStatus.given, .given, .given, .declined, .notReturned]),
            pick([Person.ConsentStatus.given, .given, .declined])),
        zip(offset, offset, Gen.int(in: -2...6).optional(valueRate: 0.3)),
        zip(Gen.bool(0.08), pick(Person.Naming.allCases), Gen.bool(0.9))
    ).map { consent, dates, flags in
        let (facebook, website) = consent
        return Person(id: "", givenName: "", familyName: "", naming: flags.1,
                      consents: ["facebook": .init(status: facebook), "website": .init(status: website)],
                      validFrom: dates.0.map { today.adding(days: -abs($0)) },
                      validUntil: dates.1.map { today.adding(days: $0) },
                      withdrawnOn: dates.2.map { today.adding(days: $0 + 1) },
                      doNotPublish: flags.0, inRegister: flags.2)
    }

    static let register = person.array(of: 1...7).map { people in
        Register(people.enumerated().map { index, person in
            var person = person
            person.id = "P\(index)"
            (person.givenName, person.familyName) = names[index]
            return person
        })
    }

    static let staff = zip(pick([["facebook"], ["website"], ["facebook", "website"], ["facebook", "website"], []]),
                           offset, Gen.int(in: -1...4).optional(valueRate: 0.5)).map { channels, from, until in
        StaffMember(id: "S", name: "Staff", account: "a0", channels: channels,
                    validFrom: from.map { today.adding(days: $0 - 1) }, validUntil: until.map { today.adding(days: $0) })
    }

    static let submission = zip(
        zip(pick(["a0", "a0", "a0", "intruder"]), pick(channels)),
        zip(Gen.int(in: 0...7).array(of: 1...3), Gen.int(in: 0...9)),
        Gen.int(in: 0...40).array(of: 0...3)
    ).map { who, declared, words in
        let people: Submission.People = declared.1 == 0 ? .undeclared : declared.1 == 1 ? .nobody : .listed(declared.0.map { "P\($0)" })
        let vocabulary = fillers + fillers + names.flatMap { [$0.0, $0.1] }
        let caption = words.map { vocabulary[$0 % vocabulary.count] }.joined(separator: " ")
        return Submission(posterAccount: who.0, people: people, caption: caption, channel: who.1)
    }

    static func context(_ register: Register, _ staff: StaffMember) -> PolicyContext {
        PolicyContext(staff: [staff], register: register, date: today, channels: schoolChannels)
    }

    @Test func approvalImpliesEveryCondition() async {
        let approvals = Mutex(0)
        await propertyCheck(count: 10_000, input: Self.register, Self.staff, Self.submission) { register, staff, submission in
            guard Policy.decide(submission, in: Self.context(register, staff)) == .approved else { return }
            approvals.withLock { $0 += 1 }
            let violations = Oracle.violations(submission, register: register, staff: staff, date: Self.today, channels: Self.schoolChannels)
            #expect(violations.isEmpty, "approved although: \(violations)")
        }
        #expect(approvals.withLock { $0 } > 300, "too few approvals to say anything")
    }

    /// The converse: nothing is rejected without a reason the oracle also sees,
    /// and the number of reasons is never zero.
    @Test func rejectionImpliesAViolation() async {
        await propertyCheck(count: 10_000, input: Self.register, Self.staff, Self.submission) { register, staff, submission in
            let decision = Policy.decide(submission, in: Self.context(register, staff))
            guard case .rejected(let reasons) = decision else { return }
            #expect(!reasons.isEmpty)
            let violations = Oracle.violations(submission, register: register, staff: staff, date: Self.today, channels: Self.schoolChannels)
            #expect(!violations.isEmpty, "rejected for \(reasons.map(\.code)) although the oracle sees nothing wrong")
        }
    }

    @Test func doNotPublishOnAnyonePicturedAlwaysRejects() async {
        let checked = Mutex(0)
        await propertyCheck(count: 10_000, input: Self.register, Self.staff, Self.submission, Gen.int(in: 0...10)) { register, staff, submission, pick in
            guard Policy.decide(submission, in: Self.context(register, staff)) == .approved,
                  case .listed(let ids) = submission.people, !ids.isEmpty else { return }
            checked.withLock { $0 += 1 }
            let flagged = ids[pick % ids.count]
            var people = register.people
            people[flagged]?.doNotPublish = true
            let changed = Register(Array(people.values))
            let decision = Policy.decide(submission, in: Self.context(changed, staff))
            #expect(decision.reasons.contains { $0.code == .personDoNotPublish && $0.person == flagged })
        }
        #expect(checked.withLock { $0 } > 100, "too few approvals with people to say anything")
    }
}

/// The code of conduct, restated as plainly as possible.
enum Oracle {
    static func violations(_ submission: Submission, register: Register, staff: StaffMember, date: Day, channels: Set<String>) -> [String] {
        var found: [String] = []
        let channel = submission.channel
        if !channels.contains(channel) { found.append("unknown channel") }
        if staff.account != submission.posterAccount { found.append("poster not designated") }
        if !staff.channels.contains(channel) { found.append("poster not for channel") }
        if let from = staff.validFrom, date < from { found.append("poster not yet valid") }
        if let until = staff.validUntil, date > until { found.append("poster expired") }
        let words = submission.caption.lowercased().split(separator: " ").map(String.init)
        if submission.caption.contains("@") { found.append("email in caption") }
        if submission.caption.contains("07700") { found.append("phone in caption") }
        var pictured: Set<String> = []
        switch submission.people {
        case .undeclared, .listed([]): found.append("nobody declared")
        case .nobody: break
        case .listed(let ids):
            for id in ids {
                pictured.insert(id)
                guard let person = register[id], person.inRegister else { found.append("\(id) unknown"); continue }
                if person.doNotPublish { found.append("\(id) do not publish") }
                if person.consents[channel]?.status != .given { found.append("\(id) no consent") }
                if let from = person.validFrom, date < from { found.append("\(id) not yet valid") }
                if let until = person.validUntil, date > until { found.append("\(id) expired") }
                if let withdrawn = person.withdrawnOn, withdrawn <= date { found.append("\(id) withdrawn") }
                let given = person.givenName.lowercased(), family = person.familyName.lowercased()
                if person.naming == .none && (words.contains(given) || words.contains(family)) { found.append("\(id) named") }
                if person.naming == .first && words.contains(family) { found.append("\(id) named in full") }
            }
        }
        for person in register.people.values where !pictured.contains(person.id) && person.naming != .full {
            let given = person.givenName.lowercased(), family = person.familyName.lowercased()
            if zip(words, words.dropFirst()).contains(where: { $0 == given && $1 == family }) {
                found.append("\(person.id) named in full, not pictured")
            }
        }
        return found
    }
}
