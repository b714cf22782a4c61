import GatehouseCore

/// The policy page's form for everyday edits: a page model built from the policy's answers (or
/// from what was typed), and the answers read back from the posted fields.
struct PolicySettingsForm: Equatable {
    struct Option: Equatable { var value, label: String; var selected: Bool }
    struct Day: Equatable { var key, name, hours: String }
    struct PlanFields: Equatable { var id, name, fee, firstResponse, allowance: String }

    var business = "", email = "", phone = "", website = "", timezone = "", currency = ""
    var windows = "", closures = "", urgentDefinition = "", urgentSigns = ""
    var days: [Day] = []
    var locales: [Option] = []
    var phoneChoices: [Option] = []
    var smsChoices: [Option] = []
    var plans: [PlanFields] = []
    var hasPlans = false
    var zones: [String] = BusinessTimeZone.knownIdentifiers.filter { $0.contains("/") }

    init(_ answers: PolicyAnswers) {
        business = answers.businessName
        email = answers.email
        phone = answers.phone
        website = answers.website
        timezone = answers.timeZone
        currency = answers.currency
        windows = answers.windows
        closures = answers.closures
        urgentDefinition = answers.urgentDefinition
        urgentSigns = answers.urgentSigns.joined(separator: ", ")
        days = Weekday.allCases.map { Day(key: $0.key, name: $0.name, hours: answers.hours[$0] ?? "closed") }
        let sample = CivilDate(year: 2026, month: 12, day: 1)
        var offered = SetupPage.offeredLocales
        if !answers.locale.isEmpty, !offered.contains(answers.locale) { offered.insert(answers.locale, at: 0) }
        locales = offered.map { id in
            Option(value: id, label: "\(id): \(BusinessLocale(id).dayAndTime(sample, 16 * 60 + 15))", selected: id == answers.locale)
        }
        phoneChoices = [
            Option(value: ChannelStatus.urgentOnly.rawValue, label: "Only for urgent matters", selected: false),
            Option(value: ChannelStatus.accepted.rawValue, label: "For anything, in opening hours", selected: false),
            Option(value: ChannelStatus.notAccepted.rawValue, label: "No phone calls", selected: false),
        ].map { var option = $0; option.selected = option.value == answers.phoneChannel.rawValue; return option }
        smsChoices = [
            Option(value: ChannelStatus.notAccepted.rawValue, label: "No: point them to email", selected: false),
            Option(value: ChannelStatus.accepted.rawValue, label: "Yes", selected: false),
            Option(value: ChannelStatus.urgentOnly.rawValue, label: "Only for urgent matters", selected: false),
        ].map { var option = $0; option.selected = option.value == answers.smsChannel.rawValue; return option }
        plans = answers.plans.map { PlanFields(id: $0.id, name: $0.name, fee: $0.fee, firstResponse: $0.firstResponse, allowance: $0.allowance) }
        hasPlans = !plans.isEmpty
    }

    /// The answers the form sent; the plans are those of `current`, by id, as the form names them.
    static func answers(_ fields: FormFields, plans current: [PlanAnswer]) -> PolicyAnswers {
        var answers = fields.policyAnswers()
        answers.urgentSigns = fields["urgent_signs"].split(separator: ",").map { String($0) }
        answers.plans = current.map { plan in
            func field(_ name: String, _ was: String) -> String {
                fields.has("plan_\(plan.id)_\(name)") ? fields["plan_\(plan.id)_\(name)"] : was
            }
            return PlanAnswer(id: plan.id, name: field("name", plan.name), fee: field("fee", plan.fee),
                              firstResponse: field("first_response", plan.firstResponse), allowance: field("allowance", plan.allowance))
        }
        return answers
    }
}
