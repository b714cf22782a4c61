import GatehouseCore

/// The fields the setup form, the new-workspace form and the policy's everyday settings share,
/// read one way.
extension FormFields {
    /// The answers the policy forms share: the business, its hours, reply times, holidays,
    /// channels and what urgent means.
    func policyAnswers() -> PolicyAnswers {
        var answers = PolicyAnswers()
        answers.businessName = self["business"]
        answers.email = self["business_email"]
        answers.phone = self["phone"]
        answers.website = self["website"]
        answers.timeZone = self["timezone"]
        answers.currency = self["currency"]
        answers.locale = self["locale"]
        for day in Weekday.allCases { answers.hours[day] = self["hours_\(day.key)"] }
        answers.windows = self["windows"]
        answers.closures = self["closures"]
        answers.phoneChannel = ChannelStatus(rawValue: self["phone_channel"]) ?? .notAccepted
        answers.smsChannel = ChannelStatus(rawValue: self["sms_channel"]) ?? .notAccepted
        answers.urgentDefinition = self["urgent_definition"]
        return answers
    }

    /// An uploaded calendar of holidays (`holidays_ics`) folded into the typed closures, so that
    /// a form that comes back shows them: what was read, or the problem in the owner's words.
    mutating func foldHolidayCalendar(now: Instant) -> Result<String?, SetupProblem> {
        guard let calendar = file("holidays_ics") else { return .success(nil) }
        switch HolidayCalendar.read(calendar, from: CivilDate(dayNumber: now.secondsSince1970 / 86_400)) {
        case .success(let holidays):
            set("closures", holidays.closures(adding: raw("closures")))
            return .success(holidays.summary)
        case .failure(let problem):
            return .failure(SetupProblem(field: "holidays_ics", problem.detail))
        }
    }
}
