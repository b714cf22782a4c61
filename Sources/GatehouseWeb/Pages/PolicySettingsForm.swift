import GatehouseCore

/// The policy page's form for everyday edits: a page model built from the policy's answers (or
/// from what was typed), and the answers read back from the posted fields.
struct PolicySettingsForm: Equatable {
    typealias Option = SetupPage.Option
    struct Day: Equatable { var key, name, hours: String }
    struct PlanFields: Equatable { var id, name, fee, firstResponse, allowance: String }

    var business = "", owner = "", email = "", phone = "", website = "", timezone = "", currency = ""
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
        owner = answers.owner
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
        locales = PolicyChoices.locales(chosen: answers.locale)
        phoneChoices = PolicyChoices.phone(chosen: answers.phoneChannel.rawValue)
        smsChoices = PolicyChoices.sms(chosen: answers.smsChannel.rawValue, urgentOnly: true)
        plans = answers.plans.map { PlanFields(id: $0.id, name: $0.name, fee: $0.fee, firstResponse: $0.firstResponse, allowance: $0.allowance) }
        hasPlans = !plans.isEmpty
    }

    /// The answers the form sent; the plans are those of `current`, by id, as the form names them,
    /// and who signs is `current`'s when the form did not send it.
    static func answers(_ fields: FormFields, current: PolicyAnswers) -> PolicyAnswers {
        var answers = fields.policyAnswers()
        answers.owner = fields.has("owner") ? fields["owner"] : current.owner
        answers.urgentSigns = fields["urgent_signs"].split(separator: ",").map { String($0) }
        answers.plans = current.plans.map { plan in
            func field(_ name: String, _ was: String) -> String {
                fields.has("plan_\(plan.id)_\(name)") ? fields["plan_\(plan.id)_\(name)"] : was
            }
            return PlanAnswer(id: plan.id, name: field("name", plan.name), fee: field("fee", plan.fee),
                              firstResponse: field("first_response", plan.firstResponse), allowance: field("allowance", plan.allowance))
        }
        return answers
    }
}
