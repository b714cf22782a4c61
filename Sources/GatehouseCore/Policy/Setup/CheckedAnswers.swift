/// Setup and policy-form answers checked and written the one way a policy spells them: trimmed
/// to one line, hours as `HH:MM-HH:MM`, reply times as `HH:MM`, closures as policy entries.
/// Pure; every answer that cannot go into a policy is reported together, by its form field.
public struct CheckedAnswers: Sendable, Equatable {
    public var name, email, phone, website, timeZone: String
    /// Upper-cased, or empty when not given.
    public var currency: String
    /// As typed (known), or empty when not given.
    public var locale: String
    public var days: [Weekday: String]
    public var windows: [String]
    public var closures: [Closure]
    public var urgentDefinition: String
    public var urgentSigns: [String]
    /// Who signs the business's messages, on one line; empty when not given.
    public var owner: String = ""

    /// A closure entry as a policy writes it: `2026-12-25` → `"Christmas Day"`.
    public struct Closure: Sendable, Equatable {
        public var key: String
        public var value: String
    }
}

extension PolicyAnswers {
    public func checked() -> Result<CheckedAnswers, SetupProblems> {
        var problems: [SetupProblem] = []
        let name = OwnPolicy.oneLine(businessName)
        if name.isEmpty { problems.append(SetupProblem(field: "business", "the business name is missing")) }
        if !BusinessTimeZone.isKnown(timeZone) {
            problems.append(SetupProblem(field: "timezone",
                "'\(timeZone)' is not a time zone; choose one from the list, such as America/New_York"))
        }
        let email = OwnPolicy.oneLine(self.email)
        if !email.isEmpty, !email.contains("@") || email.contains(" ") {
            problems.append(SetupProblem(field: "business_email", "'\(email)' is not an email address"))
        }
        let currency = OwnPolicy.oneLine(self.currency).uppercased()
        if !currency.isEmpty, currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isLetter }) {
            problems.append(SetupProblem(field: "currency", "'\(currency)' is not a currency code such as USD, EUR or GBP"))
        }
        let locale = OwnPolicy.oneLine(self.locale)
        if !locale.isEmpty, !BusinessLocale.isKnown(locale) {
            problems.append(SetupProblem(field: "locale", "'\(locale)' is not a locale such as en-US, en-GB or de-DE"))
        }
        var days: [Weekday: String] = [:]
        for day in Weekday.allCases {
            switch TypedHours.day(hours[day] ?? "") {
            case .success(let written): days[day] = written
            case .failure(let problem): problems.append(SetupProblem(field: "hours_\(day.key)", problem.detail))
            }
        }
        if problems.isEmpty, days.values.allSatisfy({ $0 == "closed" }) {
            problems.append(SetupProblem(field: "hours_mon", "give the hours of at least one day"))
        }
        var windows: [String] = []
        switch TypedHours.clocks(self.windows) {
        case .success(let times): windows = times
        case .failure(let problem): problems.append(SetupProblem(field: "windows", problem.detail))
        }
        let closures = OwnPolicy.readClosures(self.closures, problems: &problems)
        guard problems.isEmpty else { return .failure(SetupProblems(all: problems)) }
        return .success(CheckedAnswers(
            name: name, email: email, phone: OwnPolicy.oneLine(phone), website: OwnPolicy.oneLine(website),
            timeZone: timeZone, currency: currency, locale: locale, days: days, windows: windows,
            closures: closures.map { CheckedAnswers.Closure(key: $0.key, value: $0.value) },
            urgentDefinition: OwnPolicy.oneLine(urgentDefinition),
            urgentSigns: OwnPolicy.uniqued(urgentSigns.map(OwnPolicy.oneLine).filter { !$0.isEmpty }),
            owner: OwnPolicy.oneLine(owner)))
    }
}
