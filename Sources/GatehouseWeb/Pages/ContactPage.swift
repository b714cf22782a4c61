import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import HTTPTypes
import Hummingbird

/// The public contact form of a workspace, `/w/SLUG/contact`: it tells the visitor before they
/// write when they will hear back and how to reach the business when it is truly urgent, then
/// takes the message in like any other.
///
/// Protection suited to a page anyone may use: a form token as a cookie and a hidden field
/// (double submit, like sign-in), a honeypot field that only robots fill in, and at most
/// `limit` messages per client address and workspace in `window`.
struct ContactPage {
    let database: Database
    let clock: any DeskClock
    let pages: PageRenderer
    let settings: IntakeSettings

    static let limit = 5
    static let window = TimeSpan.minutes(10)
    static let bodyLimit = 256 * 1024

    func add(to router: Router<DeskContext>) {
        router.get("w/:slug/contact") { request, context in
            let workspace = try await workspace(context)
            return try form(request, workspace: workspace, input: nil, problems: [:])
        }
        router.post("w/:slug/contact") { request, context in try await submit(request, context) }
    }

    private func workspace(_ context: DeskContext) async throws -> Workspace {
        let slug = try context.parameters.require("slug")
        guard let workspace = try await Workspaces(database: database).find(slug: slug) else {
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
        let now = clock.now()
        let submissions = FormSubmissions(database: database, workspaceID: workspace.id)
        if try await submissions.count(address: context.address, since: now - Self.window) >= Self.limit {
            var response = pages.errorPage(
                .tooManyRequests, heading: "Thank you — that is plenty for now",
                message: "Several messages have been sent from here in the last few minutes, so this one was not sent. "
                    + "Please wait ten minutes and try again; everything you sent before has arrived.")
            response.headers[.retryAfter] = String(Self.window.seconds)
            return response
        }
        if input.isRobot {
            // Looks like success to the robot; nothing is kept but the count.
            try await submissions.record(address: context.address, now: now)
            return try thanks(workspace: workspace, promisedAt: nil, statusLink: nil, emailed: false, name: input.name)
        }
        let problems = input.problems
        guard problems.isEmpty else {
            return try form(request, workspace: workspace, input: input, status: .unprocessableContent, problems: problems)
        }
        try await submissions.record(address: context.address, now: now)
        var message = input.plainMessage
        // The moment it was sent is part of the message, so the same words sent again another day are a new message.
        message.sentAt = now.secondsSince1970
        let outcome = try await Intake(database: database, workspace: workspace, settings: settings).ingest(message, now: now)
        let decision = outcome.filing?.decision
        return try thanks(workspace: workspace, promisedAt: decision?.promisedAt, statusLink: decision?.statusLink,
                          emailed: decision?.outbound.contains { $0.purpose == .acknowledgement } ?? false, name: input.name)
    }

    /// What every contact page says about the business: its name, when answers come, the urgent route.
    private func common(_ workspace: Workspace, promisedAt: Int64? = nil) throws -> [String: Any] {
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let due = promisedAt.map(Instant.init(secondsSince1970:))
            ?? calendar.promise(received: clock.now(), plan: policy.defaultPlan)?.due
        var values: [String: Any] = ["business": policy.business.name, "slug": workspace.slug]
        if let due { values["promise"] = calendar.spoken(due) }
        if let definition = policy.urgent.definition ?? (policy.urgent.signs.isEmpty ? nil : policy.urgent.signs.joined(separator: ", ")) {
            values["urgent"] = ["definition": definition, "route": ContactLinks.html(Acknowledgement.urgentRoute(policy), business: policy.business)]
        }
        if policy.channels[.webForm].status == .notAccepted {
            values["redirect"] = policy.channels[.webForm].redirect
                ?? "This form is not how \(policy.business.name) takes messages; your message will still arrive."
        }
        return values
    }

    private func form(_ request: Request, workspace: Workspace, input: ContactInput?, status: HTTPResponse.Status = .ok,
                      problems: [String: String]) throws -> Response {
        let formToken = BrowserSignIns.randomToken()
        var values = try common(workspace)
        values["title"] = "Contact \(workspace.name)"
        values["formToken"] = formToken
        for field in ["name", "email", "phone", "subject", "message"] {
            values[field] = input?.value(of: field) ?? ""
            if let problem = problems[field] { values[field + "Error"] = problem }
        }
        let order = ["form", "name", "email", "phone", "subject", "message"]
        let listed = order.compactMap { problems[$0] }
        values["problems"] = listed
        values["hasProblems"] = !listed.isEmpty
        var response = pages.page("contact", values, status: status)
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.formCookie, formToken, maxAge: 4 * 3600,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }

    private func thanks(workspace: Workspace, promisedAt: Int64?, statusLink: String?, emailed: Bool,
                        name: String) throws -> Response {
        var values = try common(workspace, promisedAt: promisedAt)
        values["title"] = "Thank you"
        values["firstName"] = name.split(separator: " ").first.map(String.init) ?? ""
        values["statusLink"] = statusLink
        values["emailed"] = emailed
        return pages.page("contact-thanks", values)
    }
}
