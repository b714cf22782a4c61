import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// The public contact form of a workspace, `/w/SLUG/contact`: it tells the visitor before they
/// write when they will hear back and how to reach the business when it is truly urgent, then
/// takes the message in like any other (`ContactForm` in Desk).
///
/// Protection suited to a page anyone may use: a form token as a cookie and a hidden field
/// (double submit, like sign-in), a honeypot field that only robots fill in, and at most
/// `ContactForm.limit` messages per client address and workspace in `ContactForm.window`.
struct ContactPage {
    let contact: ContactForm
    let pages: PageRenderer
    /// The help articles offered before a message is sent (none when nil).
    var help: PublicHelp? = nil

    static let bodyLimit = 256 * 1024

    struct Urgent: Equatable { var definition, route: String }
    /// What both pages say about the business.
    struct About: Equatable {
        var business, slug: String
        var promise: String?
        var urgent: Urgent?
        var redirect: String?

        init(_ promise: ContactForm.Promise) {
            business = promise.business
            slug = promise.slug
            self.promise = promise.promise
            urgent = promise.urgentDefinition.map {
                Urgent(definition: $0, route: ContactLinks.html(Acknowledgement.urgentRoute(promise.policy), business: promise.policy.business))
            }
            redirect = promise.redirect
        }
    }
    struct Form: Equatable {
        var title: String
        var about: About
        var formToken: String
        var name = "", email = "", phone = "", subject = "", message = ""
        var nameError, emailError, phoneError, subjectError, messageError: String?
        var problems: [String]
        var hasProblems: Bool
        /// Articles that may answer the message, shown after a first "Send" with "No, send my message".
        var suggested: Suggested? = nil
    }
    struct Suggested: Equatable {
        struct Article: Equatable { var title, href: String }
        var articles: [Article]
    }
    struct Thanks: Equatable {
        var title = "Thank you"
        var about: About
        var firstName: String
        var statusLink: String?
        var emailed: Bool
        /// Urgent by the policy: the owner was alerted, and how to reach them sooner.
        var alerted: Bool = false
    }

    func add(to router: Router<DeskContext>) {
        router.get("w/:slug/contact") { request, context in
            let workspace = try await workspace(context)
            return try form(request, workspace: workspace, input: nil, problems: [:])
        }
        router.post("w/:slug/contact") { request, context in try await submit(request, context) }
    }

    private func workspace(_ context: DeskContext) async throws -> Workspace {
        guard let workspace = try await contact.workspace(slug: try context.parameters.require("slug")) else {
            throw HTTPError(.notFound)
        }
        return workspace
    }

    private func submit(_ request: Request, _ context: DeskContext) async throws -> Response {
        let workspace = try await workspace(context)
        let fields = try await FormFields.read(request, limit: Self.bodyLimit)
        let input = ContactInput(fields)
        guard BrowserSignIns.same(fields["form_token"], request.cookies[BrowserSignIns.formCookie]?.value) else {
            return try form(request, workspace: workspace, input: input, status: .forbidden, problems: [
                "form": "This form had been open for too long or came from another page. Your words are still here: please send it again.",
            ])
        }
        let problems = input.problems
        guard input.isRobot || problems.isEmpty else {
            return try form(request, workspace: workspace, input: input, status: .unprocessableContent, problems: problems)
        }
        if !input.isRobot, fields["send_anyway"] != "yes", let suggested = try await suggestions(for: input, in: workspace) {
            return try form(request, workspace: workspace, input: input, problems: [:], suggested: suggested)
        }
        switch try await contact.send(input.plainMessage, isRobot: input.isRobot, to: workspace, from: context.address) {
        case .tooMany:
            var response = pages.errorPage(
                .tooManyRequests, heading: "Thank you — that is plenty for now",
                message: "Several messages have been sent from here in the last few minutes, so this one was not sent. "
                    + "Please wait ten minutes and try again; everything you sent before has arrived.")
            response.headers[.retryAfter] = String(ContactForm.window.seconds)
            return response
        case .ignored:
            // Looks like success to the robot.
            return try thanks(workspace, promisedAt: nil, statusLink: nil, emailed: false, alerted: false, name: input.name)
        case .taken(let promisedAt, let statusLink, let emailed, let alerted):
            return try thanks(workspace, promisedAt: promisedAt, statusLink: statusLink, emailed: emailed, alerted: alerted,
                              name: input.name)
        }
    }

    /// The published articles that may answer the message (never for an urgent one), or nil.
    private func suggestions(for input: ContactInput, in workspace: Workspace) async throws -> Suggested? {
        guard let help, let workspaceHelp = try await help.workspace(slug: workspace.slug) else { return nil }
        let suggestion = try await workspaceHelp.suggest(forMessage: input.value(of: "message"), subject: input.value(of: "subject"),
                                                         counting: true)
        guard !suggestion.matches.isEmpty else { return nil }
        return Suggested(articles: suggestion.matches.map {
            .init(title: $0.article.title, href: "/w/\(workspace.slug)/help/\($0.article.slug)")
        })
    }

    private func form(_ request: Request, workspace: Workspace, input: ContactInput?, status: HTTPResponse.Status = .ok,
                      problems: [String: String], suggested: Suggested? = nil) throws -> Response {
        let listed = ["form", "name", "email", "phone", "subject", "message"].compactMap { problems[$0] }
        var model = Form(title: "Contact \(workspace.name)", about: About(try contact.promise(workspace)),
                         formToken: BrowserSignIns.randomToken(), problems: listed, hasProblems: !listed.isEmpty)
        if let input {
            model.name = input.value(of: "name")
            model.email = input.value(of: "email")
            model.phone = input.value(of: "phone")
            model.subject = input.value(of: "subject")
            model.message = input.value(of: "message")
        }
        model.nameError = problems["name"]
        model.emailError = problems["email"]
        model.phoneError = problems["phone"]
        model.subjectError = problems["subject"]
        model.messageError = problems["message"]
        model.suggested = suggested
        var response = pages.page("contact", model, status: status)
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.formCookie, model.formToken, maxAge: 4 * 3600,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }

    private func thanks(_ workspace: Workspace, promisedAt: Instant?, statusLink: String?, emailed: Bool, alerted: Bool,
                        name: String) throws -> Response {
        pages.page("contact-thanks", Thanks(about: About(try contact.promise(workspace, promisedAt: promisedAt)),
                                            firstName: name.split(separator: " ").first.map(String.init) ?? "",
                                            statusLink: statusLink, emailed: emailed, alerted: alerted))
    }
}
