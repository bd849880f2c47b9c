/// The decision: a pure function of the submission and the context (staff
/// list, register, date, channels). No files, no clock, no database: the
/// same inputs always give the same answer, with every reason.
public enum Policy {
    public static func decide(_ submission: Submission, in context: PolicyContext) -> Decision {
        var reasons = channelAndPoster(submission, context)
        // Someone the school never designated is told that, and nothing
        // more: the other reasons would tell them who is in the register,
        // whose consent is missing and who must never be published.
        if reasons.contains(where: { $0.code == .posterNotDesignated }) {
            return .rejected(reasons)
        }
        let pictured = whoIsPictured(submission, context.register)
        reasons += pictured.reasons
        for id in pictured.ids {
            reasons += person(id, submission.channel, context)
        }
        reasons += CaptionCheck.reasons(submission.caption, pictured: pictured.ids.compactMap { context.register[$0] },
                                        register: context.register)
        return reasons.isEmpty ? .approved : .rejected(reasons)
    }

    /// Register ids of everyone pictured, from the declaration or, failing
    /// that, from the photo's people tags; names are matched by id or full
    /// name and never guessed.
    public static func whoIsPictured(_ submission: Submission, _ register: Register) -> (ids: [String], reasons: [Reason]) {
        let tagged = PeopleNames.resolve(submission.tagged, in: register)
        switch submission.people {
        case .undeclared where submission.tagged.isEmpty, .listed([]):
            return ([], [Reason(.peopleUndeclared,
                "The photo does not say who is in it. List everyone pictured, or declare that no one identifiable is.")])
        case .undeclared:
            return (tagged.ids, tagged.reasons)
        case .nobody:
            guard submission.tagged.isEmpty else {
                return ([], [Reason(.peopleTagsDisagree,
                    "The photo was declared to show no one identifiable, but its own tags name \(submission.tagged.count) \(submission.tagged.count == 1 ? "person" : "people").")])
            }
            return ([], [])
        case .listed(let entries):
            let declared = PeopleNames.resolve(entries, in: register)
            var reasons = declared.reasons
            if !submission.tagged.isEmpty && (Set(tagged.ids) != Set(declared.ids) || !tagged.reasons.isEmpty) {
                reasons.append(Reason(.peopleTagsDisagree,
                    "The people listed do not match the people tagged in the photo itself. Check who is pictured and correct the list or the tags."))
            }
            return (declared.ids, reasons)
        }
    }

    static func channelAndPoster(_ submission: Submission, _ context: PolicyContext) -> [Reason] {
        let channel = submission.channel
        var reasons: [Reason] = []
        if !context.channels.contains(channel) {
            reasons.append(Reason(.channelUnknown, "The school does not publish to a channel called \"\(channel)\"."))
        }
        // An admin or reviewer who publishes to no channel is not publicity staff.
        guard let poster = context.staff.first(where: { $0.account == submission.posterAccount }), !poster.channels.isEmpty else {
            reasons.append(Reason(.posterNotDesignated,
                "Only designated publicity staff may publish photos, and the account \"\(submission.posterAccount)\" is not one of them."))
            return reasons
        }
        if let from = poster.validFrom, context.date < from {
            reasons.append(Reason(.posterNotYetValid, "\(poster.name) may publish only from \(from.spelled)."))
        }
        if let until = poster.validUntil, until < context.date {
            reasons.append(Reason(.posterExpired, "\(poster.name)'s permission to publish ended on \(until.spelled)."))
        }
        if !poster.channels.contains(channel) {
            reasons.append(Reason(.posterNotForChannel, "\(poster.name) is not designated to publish to \(display(channel))."))
        }
        return reasons
    }

    /// Why `id` may not be published to `channel` on the context's date; empty when they may.
    public static func person(_ id: String, _ channel: String, _ context: PolicyContext) -> [Reason] {
        guard let person = context.register[id], person.inRegister else {
            return [Reason(.personUnknown, person: id,
                "\(id) is not in the consent register, so there is no consent to publish them.")]
        }
        let who = "\(person.fullName) (\(id))"
        var reasons: [Reason] = []
        if person.doNotPublish {
            reasons.append(Reason(.personDoNotPublish, person: id,
                "\(who) must not appear in any published photo. Speak to the designated safeguarding lead."))
        }
        let consent = person.consent(for: channel)
        switch consent.status {
        case .declined:
            reasons.append(Reason(.personNoConsent, person: id, "\(who): consent for \(display(channel)) was declined."))
            return reasons
        case .notReturned:
            reasons.append(Reason(.personNoConsent, person: id,
                "\(who): no consent form for \(display(channel)) has been returned, which counts as no."))
            return reasons
        case .given:
            break
        }
        let date = context.date
        if let from = person.validFrom, date < from {
            reasons.append(Reason(.personConsentNotYetValid, person: id, "\(who): consent only counts from \(from.spelled)."))
        }
        if let until = person.validUntil, until < date {
            reasons.append(Reason(.personConsentExpired, person: id, "\(who): consent expired on \(until.spelled)."))
        }
        if let withdrawn = person.withdrawal(for: channel), withdrawn <= date {
            reasons.append(Reason(.personConsentWithdrawn, person: id,
                "\(who): consent for \(display(channel)) was withdrawn on \(withdrawn.spelled)."))
        }
        return reasons
    }

    /// "facebook" -> "Facebook".
    static func display(_ channel: String) -> String {
        channel.prefix(1).uppercased() + channel.dropFirst()
    }
}

/// What the face detector saw in the rendered photo.
public enum FaceCount: Sendable, Equatable {
    case counted(Int)
    /// The detector could not run (missing, this processor, the picture): why.
    case notChecked(String)
}

extension Policy {
    /// Why a photo the policy would publish must first wait for a reviewer:
    /// more faces than people declared (a --nobody declares none), or no way
    /// to look. Empty when it may go. Pure, like `decide`.
    public static func hold(faces: FaceCount, declared: Int) -> [Reason] {
        switch faces {
        case .counted(let seen) where seen > declared:
            let people = declared == 1 ? "1 person" : "\(declared) people"
            return [Reason(.facesUndeclared, "\(seen) \(seen == 1 ? "face" : "faces") in the photo, \(people) declared. "
                + "A reviewer must confirm who is in it before it is published.")]
        case .counted:
            return []
        case .notChecked(let why):
            return [Reason(.facesUnchecked, "The gate could not look for faces in this photo (\(why)), "
                + "so a reviewer must check who is in it before it is published.")]
        }
    }
}
