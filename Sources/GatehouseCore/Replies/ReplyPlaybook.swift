/// One ready-to-edit reply the composer offers: its purpose in words and its text.
public struct PlaybookDraft: Sendable, Equatable {
    /// `answer`, `out_of_scope`, `referral`, `another_time`, `decline` or `time_box`.
    public var id: String
    public var label: String
    public var text: String
}

/// The facts a reply in a conversation is written from.
public struct PlaybookFacts: Sendable {
    public var customerName: String
    public var customerEmail: String?
    public var plan: Plan
    public var subject: String
    public var statusLink: String
    /// When the customer was promised an answer.
    public var promise: Instant?
    /// The conversation's triage reasons, which name the referral partner when there is one.
    public var reasons: [String]
    /// The time box a call started now would have, from the owner's real appointments; nil
    /// falls back to the plan's meeting length.
    public var timeBox: TimeBox?

    public init(customerName: String, customerEmail: String?, plan: Plan, subject: String, statusLink: String,
                promise: Instant?, reasons: [String], timeBox: TimeBox? = nil) {
        self.timeBox = timeBox
        self.customerName = customerName
        self.customerEmail = customerEmail
        self.plan = plan
        self.subject = subject
        self.statusLink = statusLink
        self.promise = promise
        self.reasons = reasons
    }
}

/// The reply playbook: the consolidated answer, saying no kindly (a referral, another time, a
/// clear no), the out-of-scope question about an additional charge, and the time-box opener,
/// each from the policy's template (or its kind default) filled with what is known. What only
/// the owner can say is left in [brackets] for them to write.
public enum ReplyPlaybook {
    /// Whether any of the reasons names `name`.
    public static func names(_ reasons: [String], _ name: String) -> Bool { reasons.contains { $0.contains(name) } }

    public static func drafts(policy: Policy, facts: PlaybookFacts, now: Instant) -> [PlaybookDraft] {
        var values = values(policy: policy, facts: facts, now: now)
        values["change.item"] = "[the extra work]"
        values["change.price"] = "[the price]"
        values["change.time_effect"] = "[how it changes the time frame]"
        values["change.link"] = "just reply to this email"
        values["decline.reason"] = "[the reason, in a sentence]"
        values["meeting.length"] = String(facts.plan.meetingLength.seconds / 60)
        values["meeting.minutes_left"] = String(facts.timeBox?.minutes ?? Int(facts.plan.meetingLength.seconds / 60))
        values["meeting.next_appointment"] = facts.timeBox?.nextAppointment ?? "[the time of your next appointment]"
        // What the minutes are measured against: only an appointment that set the box is mentioned.
        values["meeting.until"] = facts.timeBox?.setByNextAppointment == true ? "before my next appointment" : "set aside for this"

        func draft(_ id: String, _ label: String, _ name: TemplateName, _ extra: [String: String] = [:]) -> PlaybookDraft {
            PlaybookDraft(id: id, label: label, text: policy.message(name, values.merging(extra) { $1 }))
        }
        var drafts = [draft("answer", "The consolidated answer: what, cost, when, next step", .answer)]
        drafts.append(draft("out_of_scope", "Out of scope: ask about the additional charge", .outOfScope))
        // The partner the triage named first, then the others.
        let referrals = policy.referrals.sorted { a, b in
            Self.names(facts.reasons, a.name) && !Self.names(facts.reasons, b.name)
        }
        for referral in referrals {
            drafts.append(draft("referral", "Say no kindly: refer to \(referral.name)", .referral,
                                ["referral.name": referral.name, "referral.contact": referral.contact ?? "[how to reach them]"]))
        }
        drafts.append(draft("another_time", "Say no kindly: offer another time", .anotherTime))
        drafts.append(draft("decline", "Say no kindly: a clear no with the reason", .decline))
        drafts.append(draft("time_box", "Open a call with its time box", .timeBox))
        return drafts
    }

    /// The line that opens a time-boxed call: the policy's `time_box` template filled with `box`.
    public static func openingLine(policy: Policy, facts: PlaybookFacts, box: TimeBox, now: Instant) -> String {
        var facts = facts
        facts.timeBox = box
        return drafts(policy: policy, facts: facts, now: now).first { $0.id == "time_box" }?.text ?? ""
    }

    /// The values every message to this customer can use (business, customer, plan, request),
    /// for templates written outside the acknowledgements: replies, job summaries, change orders.
    public static func values(policy: Policy, facts: PlaybookFacts, now: Instant) -> [String: String] {
        let calendar = BusinessCalendar(policy: policy)
        let acknowledgement = AcknowledgementFacts(
            channel: .email, received: now, sent: now, automaticReason: nil, isOwnMessage: false, lastAcknowledgedAt: nil,
            urgent: nil, outOfScope: nil, plan: facts.plan,
            customerName: facts.customerName, customerEmail: facts.customerEmail, subject: facts.subject,
            statusLink: facts.statusLink)
        var values = Acknowledgement.templateValues(acknowledgement, policy: policy, calendar: calendar, promise: nil)
        values["promise"] = facts.promise.map(calendar.spoken) ?? "[when]"
        return values
    }
}
