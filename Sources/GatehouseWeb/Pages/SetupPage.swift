import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// First-run setup: the owner's account, and a policy of their own written from their answers
/// (an example gives only its shape). A page is its model plus a view.
struct SetupPage {
    let setup: FirstRunSetup
    let clock: any DeskClock
    let pages: PageRenderer
    let signIns: BrowserSignIns

    struct Option: Equatable { var value, label: String; var selected: Bool }
    struct Day: Equatable { var key, name, hours: String }
    struct Sign: Equatable { var text: String; var checked: Bool }
    struct TradeSigns: Equatable { var id, name: String; var open: Bool; var signs: [Sign] }

    /// Everything the setup form shows, as typed.
    struct Model: Equatable {
        var title = "Set up your desk"
        var heading = "Welcome to Gatehouse"
        var action = "/setup"
        var submitLabel = "Create my desk"
        /// First-run setup also makes the owner's account; a new workspace is for the signed-in user.
        var forAccount = true
        var csrf = ""
        var token = "", formToken = ""
        var name = "", email = "", business = "", slug = "", businessEmail = "", phone = "", website = ""
        var publicURL = ""
        var timezone = "", currency = "", locale = "", windows = "10:30, 15:30", closures = "", urgentDefinition = "", otherSigns = ""
        var days: [Day] = []
        var examples: [Option] = []
        var phoneChoices: [Option] = []
        var smsChoices: [Option] = []
        var trades: [TradeSigns] = []
        var zones: [String] = BusinessTimeZone.knownIdentifiers.filter { $0.contains("/") }
        var locales: [Option] = []
        var keepOffer = true
        var problems: [String] = [] { didSet { hasProblems = !problems.isEmpty } }
        /// Stored, not computed: Mustache sees a model's stored properties only.
        var hasProblems = false
        var assets = DeskAssets.version
    }

    /// The page after setup: what the policy took from the example, and where to go next.
    struct Ready: Equatable {
        var title = "Your desk is ready"
        var business: String
        var slug: String
        var notes: [String]
        var hasNotes: Bool

        init(business: String, slug: String, notes: [String]) {
            self.business = business
            self.slug = slug
            self.notes = notes
            hasNotes = !notes.isEmpty
        }
    }

    /// The locales the setup form offers; any other can be written in the policy.
    static let offeredLocales = ["en-US", "en-GB", "en-CA", "en-AU", "en-NZ", "en-IE", "en-ZA", "en-IN",
                                 "de-DE", "de-AT", "de-CH", "fr-FR", "fr-CA", "nl-NL", "es-ES", "it-IT", "sv-SE"]

    func add(to router: Router<DeskContext>) {
        router.get("setup") { request, _ in try await form(request) }
        router.post("setup") { request, context in try await submit(request, context) }
    }

    private func form(_ request: Request) async throws -> Response {
        let token = request.uri.queryParameters.get("token") ?? ""
        guard try await setup.isOpen() else {
            return pages.errorPage(.gone, heading: "Already set up", message: "This desk already has an owner.",
                                   link: ("/signin", "Sign in"))
        }
        guard try await setup.linkWorks(tokenHash: TokenMaker.hash(token), now: clock.now()) else {
            return pages.errorPage(.forbidden, heading: "This setup link does not work",
                                   message: "It has been used, has expired, or was copied incompletely. Restart gatehouse serve to print a new one.")
        }
        var model = Self.model(token: token, fields: nil, problems: [])
        model.publicURL = Self.address(of: request)
        return page(request, model)
    }

    /// The address the owner's browser reached the desk at: a good first guess at the public one.
    static func address(of request: Request) -> String {
        let host = request.head.authority ?? ""
        guard !host.isEmpty else { return "" }
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https" ? "https" : "http"
        return "\(scheme)://\(host)"
    }

    private func page(_ request: Request, _ model: Model, status: HTTPResponse.Status = .ok) -> Response {
        var model = model
        model.formToken = BrowserSignIns.randomToken()
        var response = pages.page("setup", model, status: status)
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.formCookie, model.formToken, maxAge: 3600,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }

    /// The form's model: empty for a first visit, or what was typed, with the problems found.
    static func model(token: String, fields: FormFields?, problems: [String]) -> Model {
        var model = Model()
        model.token = token
        model.problems = problems
        let example = fields?["example"] ?? ""
        model.examples = ExamplePolicies.all().enumerated().map { index, item in
            Option(value: item.id, label: item.label, selected: example.isEmpty ? index == 0 : item.id == example)
        }
        let chosenLocale = fields?["locale"] ?? ""
        model.locales = [Option(value: "", label: "The usual style for the currency", selected: chosenLocale.isEmpty)]
            + PolicyChoices.locales(chosen: chosenLocale).filter { SetupPage.offeredLocales.contains($0.value) }
        let weekdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
        model.days = Weekday.allCases.map { day in
            Day(key: day.key, name: day.name,
                hours: fields.map { $0["hours_\(day.key)"] } ?? (weekdays.contains(day) ? "9am-5pm" : "closed"))
        }
        model.phoneChoices = PolicyChoices.phone(chosen: fields?["phone_channel"] ?? ChannelStatus.urgentOnly.rawValue)
        model.smsChoices = PolicyChoices.sms(chosen: fields?["sms_channel"] ?? ChannelStatus.notAccepted.rawValue)
        let ticked = Set(fields?.all("urgent_sign") ?? [])
        let openTrade = Trade.of(example: example.isEmpty ? (model.examples.first?.value ?? "") : example)
        model.trades = Trade.allCases.filter { !$0.suggestedSigns.isEmpty }.map { trade in
            TradeSigns(id: trade.rawValue, name: trade.name, open: trade == openTrade || trade.suggestedSigns.contains(where: ticked.contains),
                       signs: trade.suggestedSigns.map { Sign(text: $0, checked: ticked.contains($0)) })
        }
        guard let fields else { return model }
        model.name = fields["name"]
        model.email = fields["email"]
        model.business = fields["business"]
        model.slug = fields["slug"]
        model.businessEmail = fields["business_email"]
        model.phone = fields["phone"]
        model.website = fields["website"]
        model.timezone = fields["timezone"]
        model.currency = fields["currency"]
        model.locale = fields["locale"]
        model.publicURL = fields["public_url"]
        model.windows = fields["windows"]
        model.closures = fields["closures"]
        model.urgentDefinition = fields["urgent_definition"]
        model.otherSigns = fields["other_signs"]
        model.keepOffer = fields.has("keep_offer")
        return model
    }

    /// The owner's answers as the form sent them.
    static func answers(_ fields: FormFields) -> PolicyAnswers {
        var answers = fields.policyAnswers()
        if answers.email.isEmpty { answers.email = fields["email"] }
        // The owner signs the business's messages, over its name.
        answers.owner = fields["name"]
        answers.urgentSigns = fields.all("urgent_sign")
            + fields["other_signs"].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        answers.keepOffer = fields.has("keep_offer")
        return answers
    }

    /// A problem in the owner's words: the field's label, then what is wrong.
    static func sentence(_ problem: SetupProblem) -> String {
        let labels = ["business": "Business name", "timezone": "Time zone", "business_email": "Business email",
                      "currency": "Currency", "locale": "Dates and money", "windows": "Reply times", "closures": "Holidays and closures",
                      "holidays_ics": "Holiday calendar"]
        guard let field = problem.field else { return "Policy: \(problem.detail)" }
        if field.hasPrefix("hours_"), let day = Weekday(key: field.dropFirst(6)) {
            return "\(day.name)'s hours: \(problem.detail)"
        }
        return "\(labels[field] ?? field): \(problem.detail)"
    }

    private func submit(_ request: Request, _ context: DeskContext) async throws -> Response {
        var fields = try await FormFields.read(request, limit: 1024 * 1024)
        let token = fields["token"]
        guard BrowserSignIns.same(fields["form_token"], request.cookies[BrowserSignIns.formCookie]?.value) else {
            return pages.errorPage(.forbidden, heading: "Please try again",
                                   message: "The form had expired or came from another page. Open the setup link again.")
        }
        var problems: [String] = []
        var holidayNote: String?
        switch fields.foldHolidayCalendar(now: clock.now()) {
        case .success(let note): holidayNote = note
        case .failure(let problem): problems.append(Self.sentence(problem))
        }
        if fields["name"].isEmpty { problems.append("Your name is missing.") }
        if let problem = Passwords.problem(with: fields.raw("password")) { problems.append("Password: \(problem).") }
        let example = ExamplePolicies.all().first(where: { $0.id == fields["example"] })
        if example == nil { problems.append("Choose a starting policy.") }
        let answers = Self.answers(fields)
        if let example, case .failure(let found) = OwnPolicy.write(answers, shapedLike: example.yaml) {
            problems += found.all.map(Self.sentence)
        }
        if !fields["public_url"].isEmpty, case .failure(let problem) = PublicAddress.normalised(fields["public_url"]) {
            problems.append("Public address: \(problem.detail)")
        }
        guard problems.isEmpty, let example else {
            return page(request, Self.model(token: token, fields: fields, problems: problems), status: .unprocessableContent)
        }
        do {
            let account = FirstRunSetup.Account(name: fields["name"], email: fields["email"],
                                                passwordHash: try await Passwords.hash(fields.raw("password")))
            let done = try await setup.complete(tokenHash: TokenMaker.hash(token), slug: fields["slug"], answers: answers,
                                                exampleYAML: example.yaml, account: account,
                                                publicAddress: fields["public_url"].isEmpty ? nil : fields["public_url"],
                                                now: clock.now())
            let cookie = try await signIns.start(for: done.user, workspaceID: done.workspace.id, request: request,
                                                 address: context.address)
            var response = pages.page("setup-ready", Ready(business: done.workspace.name, slug: done.workspace.slug,
                                                           notes: (holidayNote.map { [$0] } ?? []) + done.notes))
            response.setCookie(cookie)
            return response
        } catch let error as StoreError {
            return page(request, Self.model(token: token, fields: fields, problems: [error.message]),
                        status: .unprocessableContent)
        } catch let error as SetupProblems {
            return page(request, Self.model(token: token, fields: fields, problems: error.all.map(Self.sentence)),
                        status: .unprocessableContent)
        }
    }
}
