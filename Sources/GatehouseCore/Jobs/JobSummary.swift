/// The job summary: one consolidated message with the scope, the cost, the time frame and the
/// next step, written from the policy's `job_summary` template, with the link where the customer
/// agrees to it.
public enum JobSummary {
    /// The summary's text. `acceptedExtraCents` is what accepted change orders added to the price.
    public static func text(job: Job, acceptedExtraCents: Int64 = 0, policy: Policy, facts: PlaybookFacts, link: String,
                            now: Instant) -> String {
        var values = ReplyPlaybook.values(policy: policy, facts: facts, now: now)
        for (name, value) in JobWords.values(job: job, acceptedExtraCents: acceptedExtraCents, policy: policy) {
            values[name] = value
        }
        values["job.link"] = link
        return policy.message(.jobSummary, values)
    }
}

/// A job in words, as the templates and the pages show it.
public enum JobWords {
    /// The `job.*` template values (all but the link).
    public static func values(job: Job, acceptedExtraCents: Int64 = 0, policy: Policy) -> [String: String] {
        [
            "job.title": job.title,
            "job.terms": Grammar.jobTerms(agreed: job.agreedAt != nil || [.agreed, .inProgress, .done].contains(job.status)),
            "job.scope": scope(job),
            "job.price": price(job.price, acceptedExtraCents: acceptedExtraCents, serviceName: serviceName(job, policy),
                               business: policy.business),
            "job.time_frame": timeFrame(job.timeFrame, locale: policy.business.locale),
            "job.next_step": nextStep(job),
        ]
    }

    /// "replace the kitchen faucet and fix the leak under the sink (not included: tiling)".
    public static func scope(_ job: Job) -> String {
        var text = PolicyWords.list(job.included)
        if text.isEmpty { text = "as we discussed" }
        if !job.excluded.isEmpty { text += " (not included: " + PolicyWords.list(job.excluded) + ")" }
        return text
    }

    /// "$480 in total", "$120 an hour, about 4 hours (about $480)".
    public static func price(_ price: Job.Price, acceptedExtraCents: Int64 = 0, serviceName: String? = nil,
                             business: Business) -> String {
        let money: (Int64) -> String = business.price
        let extra = acceptedExtraCents > 0
            ? ", plus \(money(acceptedExtraCents)) for the agreed changes" : ""
        let rate = serviceName.map { " (the \($0) rate)" } ?? ""
        switch price {
        case .fixed(let cents):
            if acceptedExtraCents > 0 {
                return "\(money(cents + acceptedExtraCents)) in total "
                    + "(\(money(cents)) as first agreed\(extra))"
            }
            return "\(money(cents)) in total"
        case .hourly(let rateCents, let estimate):
            var text = "\(money(rateCents)) an hour\(rate)"
            if let estimate, estimate.seconds > 0 {
                text += ", about \(estimate.spokenDescription) (about \(money(Job.cents(rate: rateCents, for: estimate))))"
            }
            return text + extra
        }
    }

    /// "from Monday 7 December 2026 to Friday 11 December 2026", "3 working days", "to be agreed".
    public static func timeFrame(_ frame: Job.TimeFrame, locale: BusinessLocale) -> String {
        let longDate = locale.date
        let days = frame.days.map { $0 == 1 ? "1 working day" : "\($0) working days" }
        switch (frame.startsOn, frame.endsOn) {
        case let (start?, end?):
            return "from \(longDate(start)) to \(longDate(end))" + (days.map { " (\($0))" } ?? "")
        case let (start?, nil):
            return days.map { "\($0), starting \(longDate(start))" } ?? "starting \(longDate(start))"
        case let (nil, end?):
            return "finished by \(longDate(end))" + (days.map { " (\($0))" } ?? "")
        case (nil, nil):
            return days.map { "\($0), starting on a day we agree" } ?? "to be agreed together"
        }
    }

    /// "order the parts — I'll take care of it", "choose the tiles — over to you".
    public static func nextStep(_ job: Job) -> String {
        job.nextStep + (job.nextStepOwner == .us ? " — I'll take care of it" : " — over to you")
    }

    static func serviceName(_ job: Job, _ policy: Policy) -> String? {
        job.serviceID.flatMap { id in policy.services.first { $0.id == id }?.name }
    }
}
