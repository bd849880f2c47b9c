import ConsentGate
import Testing

/// Who may do what through the service: every action for every kind of
/// account, written out as the school's code of conduct puts it.
@Suite("Roles: who may see and change what")
struct PermissionTests {
    static let today = Day(iso: "2026-12-02")!
    static let staff = [
        StaffMember(id: "TA", name: "TA", account: "teacher", channels: ["facebook"]),
        StaffMember(id: "HT", name: "HT", account: "head", channels: [], roles: [.reviewer]),
        StaffMember(id: "ADM", name: "ADM", account: "office", channels: [], roles: [.admin]),
        StaffMember(id: "OLD", name: "OLD", account: "left", channels: ["facebook"], roles: [.admin, .reviewer],
                    validUntil: Day(iso: "2026-07-31")!),
        StaffMember(id: "NEW", name: "NEW", account: "starts", channels: ["facebook"], roles: [.admin],
                    validFrom: Day(iso: "2027-01-04")!),
    ]

    /// Allowed actions per account; every other action is refused.
    static let allowed: [String: Set<Action>] = [
        "teacher": [.submit, .status],
        "head": [.submit, .status, .audit, .readRegister, .review],
        "office": [.submit, .status, .audit, .readRegister, .changeStaff, .changeRegister],
        // Past or future dates: the roles do not count (the policy refuses their photos too).
        "left": [.submit, .status],
        "starts": [.submit, .status],
        "stranger": [.submit, .status],
    ]

    @Test(arguments: Array(allowed.keys))
    func everyActionForEveryKindOfAccount(account: String) {
        for action in Action.allCases {
            let refusal = Permission.refusal(of: action, by: account, staff: Self.staff, on: Self.today)
            if Self.allowed[account]!.contains(action) {
                #expect(refusal == nil, "\(account) may \(action)")
            } else {
                #expect(refusal?.contains("\"\(account)\"") == true, "\(account) may not \(action): \(refusal ?? "allowed")")
            }
        }
    }

    @Test func refusalsSayWhoMayInsteadInPlainWords() {
        #expect(Permission.refusal(of: .changeStaff, by: "teacher", staff: Self.staff, on: Self.today)
                == "Only an admin may change who may publish or review, and the account \"teacher\" is not one.")
        #expect(Permission.refusal(of: .changeRegister, by: "head", staff: Self.staff, on: Self.today)
                == "Only an admin may change the consent register, and the account \"head\" is not one.")
        #expect(Permission.refusal(of: .audit, by: "teacher", staff: Self.staff, on: Self.today)?
                .hasPrefix("Only a reviewer (the head teacher or safeguarding lead) or an admin may see the audit") == true)
    }

    /// An admin who publishes to no channel is not publicity staff: the policy refuses their photos.
    @Test func anAdminWithoutAChannelIsNotDesignatedToPublish() {
        let submission = Submission(posterAccount: "office", people: .nobody, channel: "facebook")
        let decision = Policy.decide(submission, in: PolicyContext(staff: Self.staff, register: Register([]), date: Self.today, channels: ["facebook"]))
        #expect(decision.reasons.map(\.code) == [.posterNotDesignated])
    }
}
