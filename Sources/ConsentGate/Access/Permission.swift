/// What a person may ask of the gate, by role. The gate's own decision
/// (may this photo be published?) is the policy's; this says only who may
/// see and change what.
public enum Action: String, Sendable, CaseIterable {
    /// Ask for a photo to be published: anyone may ask; the policy refuses
    /// a poster who is not designated, and records the refusal.
    case submit
    /// Their own submissions and what became of them.
    case status
    /// The audit and the ledger: what is out there, and is it still allowed.
    case audit
    /// The register (names, consent, safeguarding notes) and the staff list.
    case readRegister
    /// Decide on photos held for review: the reviewer's alone.
    case review
    /// Designate staff, grant channels and roles.
    case changeStaff
    /// Import the register, withdraw consent.
    case changeRegister
}

public enum Permission {
    /// Why the account `account` may not do `action` on `day`, in a sentence
    /// for the person refused; nil when they may. Roles and channels count
    /// only within the member's valid dates.
    public static func refusal(of action: Action, by account: String, staff: [StaffMember], on day: Day) -> String? {
        let roles = Set(staff.first { $0.account == account && $0.isCurrent(on: day) }?.roles ?? [])
        switch action {
        case .submit, .status:
            return nil
        case .audit, .readRegister:
            if !roles.isDisjoint(with: [.reviewer, .admin]) { return nil }
            return "Only a reviewer (the head teacher or safeguarding lead) or an admin may see "
                + (action == .audit ? "the audit and the ledger" : "the register and the staff list")
                + ", and the account \"\(account)\" is neither."
        case .review:
            if roles.contains(.reviewer) { return nil }
            return "Only a reviewer (the head teacher or safeguarding lead) may decide on held photos, and the account \"\(account)\" is not one."
        case .changeStaff, .changeRegister:
            if roles.contains(.admin) { return nil }
            return "Only an admin may change " + (action == .changeStaff ? "who may publish or review" : "the consent register")
                + ", and the account \"\(account)\" is not one."
        }
    }
}
