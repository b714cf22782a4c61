/// The policy page's form for everyday edits: a policy's business details, hours, closures,
/// reply times, channels, urgent matters and plans as answers, and answers written back into
/// the owner's file. Only what changed is rewritten; every other line, comment and section
/// stays as the owner wrote it. Pure; the result is re-read as a policy, so an answer that
/// would make the policy invalid is reported, never saved.
public enum PolicyForm {
    /// What the form shows for a policy.
    public static func answers(from policy: Policy) -> PolicyAnswers {
        var answers = PolicyAnswers()
        let business = policy.business
        answers.businessName = business.name
        answers.owner = business.owner ?? ""
        answers.email = business.email ?? ""
        answers.phone = business.phone ?? ""
        answers.website = business.website ?? ""
        answers.timeZone = business.timeZoneIdentifier
        answers.currency = business.currency
        answers.locale = business.locale.identifier
        for day in Weekday.allCases { answers.hours[day] = hours(policy.hours.days[day.rawValue]) }
        answers.windows = policy.responseWindows.starts.map(ClockTime.text).joined(separator: ", ")
        answers.closures = policy.closures.map(closureLine).joined(separator: "\n")
        answers.phoneChannel = policy.channels[.phone].status
        answers.smsChannel = policy.channels[.sms].status
        answers.urgentDefinition = policy.urgent.definition ?? ""
        answers.urgentSigns = policy.urgent.signs
        answers.plans = policy.plans.map { plan in
            PlanAnswer(id: plan.id, name: plan.name, fee: plan.fee.description, firstResponse: plan.firstResponse.description,
                       allowance: plan.monthlyAllowance.map { "\($0)/month" } ?? "none")
        }
        return answers
    }

    /// The edited file and the parts that changed, in the owner's words.
    public struct Edit: Sendable, Equatable {
        public var yaml: String
        public var changed: [String]
    }

    /// `yaml` with the answers written in where they differ from what it says now.
    public static func apply(_ answers: PolicyAnswers, to yaml: String) -> Result<Edit, SetupProblems> {
        let current: Policy
        do {
            current = try Policy.read(yaml: yaml)
        } catch {
            return .failure(SetupProblems(all: [SetupProblem(field: nil,
                "the saved policy has a problem; correct it in the file below first (\(error.diagnostics.first?.message ?? ""))")]))
        }
        let checked: CheckedAnswers
        switch answers.checked() {
        case .success(let found): checked = found
        case .failure(let problems): return .failure(problems)
        }
        let was = Self.answers(from: current)
        var text = PolicyText(yaml)
        var changed: [String] = []
        var refused: [SetupProblem] = []
        func edit(_ part: String, _ change: (inout PolicyText) throws(PolicyText.Refusal) -> Void) {
            do throws(PolicyText.Refusal) {
                try change(&text)
                if !changed.contains(part) { changed.append(part) }
            } catch {
                refused.append(SetupProblem(field: nil,
                    "the \(error.section) section is written on one line, so the form cannot change it; change it in the file below"))
            }
        }
        let q = OwnPolicy.quoted

        // Business details.
        let business: [(key: String, label: String, now: String, was: String)] = [
            ("name", "business name", checked.name, was.businessName),
            ("owner", "who signs", checked.owner, was.owner),
            ("email", "email", checked.email, was.email),
            ("phone", "phone", checked.phone, was.phone),
            ("website", "website", checked.website, was.website),
            ("timezone", "time zone", checked.timeZone, was.timeZone),
        ]
        for field in business where field.now != field.was {
            edit("business details") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                try text.set(field.key, of: "business", to: field.now.isEmpty ? nil : q(field.now))
            }
        }
        if !checked.currency.isEmpty, checked.currency != was.currency {
            edit("business details") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                try text.set("currency", of: "business", to: checked.currency)
            }
        }
        if !checked.locale.isEmpty, BusinessLocale(checked.locale).identifier != was.locale {
            edit("dates and money") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                try text.set("locale", of: "business", to: BusinessLocale(checked.locale).identifier)
            }
        }

        // Hours and closures: each rewritten whole when it changed.
        // A changed day written on its own line is changed there; days written together are
        // written again, grouped.
        let changedDays = Weekday.allCases.filter { checked.days[$0] != was.hours[$0] }
        if !changedDays.isEmpty {
            edit("opening hours") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                if changedDays.allSatisfy({ text.has($0.key, of: "hours") }) {
                    for day in changedDays { try text.set(day.key, of: "hours", to: checked.days[day] ?? "closed") }
                } else {
                    text.replaceSection("hours", with: ["hours:"] + OwnPolicy.grouped(checked.days).map { "  \($0.0): \($0.1)" })
                }
            }
        }
        var ignored: [SetupProblem] = []
        let closuresWere = OwnPolicy.readClosures(was.closures, problems: &ignored).map { CheckedAnswers.Closure(key: $0.key, value: $0.value) }
        if checked.closures != closuresWere {
            edit("holidays and closures") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                text.replaceSection("closures", with: checked.closures.isEmpty ? []
                    : ["closures:"] + checked.closures.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" })
            }
        }
        let windowsWere = current.responseWindows.starts.map(ClockTime.text)
        if checked.windows != windowsWere {
            edit("reply times") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                try text.set("at", of: "response_windows", to: "[\(checked.windows.joined(separator: ", "))]")
                if checked.windows.isEmpty { try text.set("min_reply_delay", of: "response_windows", to: "0m") }
            }
        }

        // Channels.
        if answers.phoneChannel != was.phoneChannel {
            edit("channels") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                try text.set("phone", of: "channels", to: answers.phoneChannel == .notAccepted ? "no" : answers.phoneChannel.rawValue)
            }
        }
        if answers.smsChannel != was.smsChannel {
            let phone = answers.phoneChannel == .notAccepted ? "" : checked.phone
            edit("channels") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                try text.set("sms", of: "channels", to: OwnPolicy.smsRule(answers.smsChannel, email: checked.email, phone: phone))
            }
        }

        // Urgent matters; the urgent route follows the phone when the phone goes.
        if checked.urgentDefinition != was.urgentDefinition {
            edit("urgent matters") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                try text.set("definition", of: "urgent", to: checked.urgentDefinition.isEmpty ? nil : q(checked.urgentDefinition))
            }
        }
        if checked.urgentSigns != was.urgentSigns {
            edit("urgent matters") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                try text.set("signs", of: "urgent", to: "[\(checked.urgentSigns.map(q).joined(separator: ", "))]")
            }
        }
        if current.urgent.reachBy == .phone, checked.phone.isEmpty || answers.phoneChannel == .notAccepted {
            edit("urgent matters") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                try text.set("reach_by", of: "urgent", to: checked.email.isEmpty ? nil : "email")
            }
        }

        // Plans, each field of each plan on its own.
        var planProblems: [SetupProblem] = []
        for plan in answers.plans {
            guard let old = was.plans.first(where: { $0.id == plan.id }) else { continue }
            let name = OwnPolicy.oneLine(plan.name)
            if name.isEmpty { planProblems.append(SetupProblem(field: "plan_\(plan.id)_name", "the name of plan '\(plan.id)' is missing")) }
            let fields: [(key: String, now: String, was: String, quote: Bool)] = [
                ("name", name, old.name, true),
                ("fee", OwnPolicy.oneLine(plan.fee), old.fee, false),
                ("first_response", OwnPolicy.oneLine(plan.firstResponse), old.firstResponse, false),
                ("allowance", OwnPolicy.oneLine(plan.allowance).isEmpty ? "none" : OwnPolicy.oneLine(plan.allowance), old.allowance, false),
            ]
            for field in fields where field.now != field.was && !field.now.isEmpty {
                edit("plans") { (text: inout PolicyText) throws(PolicyText.Refusal) in
                    let value = field.quote || field.now.contains(":") || field.now.contains("#") ? q(field.now) : field.now
                    try text.set(field.key, ofItem: plan.id, in: "plans",
                                 to: field.key == "allowance" && field.now == "none" ? nil : value)
                }
            }
        }
        refused += planProblems
        guard refused.isEmpty else { return .failure(SetupProblems(all: refused)) }
        let edited = text.text
        do {
            _ = try Policy.read(yaml: edited)
        } catch {
            return .failure(SetupProblems(all: error.diagnostics.map { diagnostic in
                SetupProblem(field: nil, "line \(diagnostic.line): \(diagnostic.message)")
            }))
        }
        return .success(Edit(yaml: edited, changed: changed))
    }

    /// A day's hours as the form shows them: `08:00-12:00, 13:00-17:30` or `closed`.
    static func hours(_ intervals: [OpeningInterval]) -> String {
        intervals.isEmpty ? "closed" : intervals.map(\.description).joined(separator: ", ")
    }

    /// A closure as one typed line: `2026-12-25 Christmas`, `2026-12-24 08:00-12:00`.
    static func closureLine(_ closure: Closure) -> String {
        let days = closure.first == closure.last ? closure.first.description : "\(closure.first)..\(closure.last)"
        switch closure.kind {
        case .closed(let reason): return days + (reason.map { " " + $0 } ?? "")
        case .specialHours(let intervals): return days + " " + hours(intervals)
        }
    }
}
