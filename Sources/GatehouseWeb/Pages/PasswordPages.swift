import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// "Forgot password" and the one-time link it mails: public pages, each form protected by its
/// form cookie. The answer to a request is the same whether or not the account exists.
struct PasswordPages {
    let reset: PasswordReset
    let clock: any DeskClock
    let pages: PageRenderer
    let wakeOutbox: @Sendable () -> Void

    struct Forgot: Equatable {
        var title = "Forgot your password?"
        var formToken = ""
        var email = ""
        var sent = false
        var problems: [String] = []
        var hasProblems = false
    }

    struct Choose: Equatable {
        var title = "Choose a new password"
        var formToken = ""
        var token = ""
        var problems: [String] = []
        var hasProblems = false
    }

    func add(to router: Router<DeskContext>) {
        router.get("signin/forgot") { request, _ in form(request, Forgot()) }
        router.post("signin/forgot") { request, _ in try await requestLink(request) }
        router.get("reset/:token") { request, context in
            let token = try context.parameters.require("token")
            guard try await reset.works(tokenHash: TokenMaker.hash(token), now: clock.now()) else { return expired() }
            return form(request, Choose(token: token))
        }
        router.post("reset/:token") { request, context in
            try await choose(request, token: try context.parameters.require("token"))
        }
    }

    private func form<Model>(_ request: Request, _ model: Model, status: HTTPResponse.Status = .ok) -> Response {
        let formToken = BrowserSignIns.randomToken()
        var response: Response
        if var forgot = model as? Forgot {
            forgot.formToken = formToken
            forgot.hasProblems = !forgot.problems.isEmpty
            response = pages.page("forgot", forgot, status: status)
        } else if var choose = model as? Choose {
            choose.formToken = formToken
            choose.hasProblems = !choose.problems.isEmpty
            response = pages.page("reset", choose, status: status)
        } else {
            response = pages.errorPage(.internalServerError, heading: "Page missing", message: "")
        }
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.formCookie, formToken, maxAge: 3600,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }

    private func expired() -> Response {
        pages.errorPage(.gone, heading: "This link does not work any more",
                        message: "A link to choose a new password works once, for 30 minutes. Ask for a new one.",
                        link: ("/signin/forgot", "Ask for a new link"))
    }

    private func requestLink(_ request: Request) async throws -> Response {
        let fields = try await FormFields.read(request)
        guard BrowserSignIns.same(fields["form_token"], request.cookies[BrowserSignIns.formCookie]?.value) else {
            return form(request, Forgot(email: fields["email"], problems: ["The form had expired. Please try again."]),
                        status: .forbidden)
        }
        let email = fields["email"]
        guard email.contains("@") else {
            return form(request, Forgot(email: email, problems: ["Email: give the address you sign in with."]),
                        status: .unprocessableContent)
        }
        let made = TokenMaker.make()
        if case .mailed = try await reset.request(email: email, token: made.token, tokenHash: made.hash, now: clock.now()) {
            wakeOutbox()
        }
        return pages.page("forgot", Forgot(email: email, sent: true))
    }

    private func choose(_ request: Request, token: String) async throws -> Response {
        let fields = try await FormFields.read(request)
        guard BrowserSignIns.same(fields["form_token"], request.cookies[BrowserSignIns.formCookie]?.value) else {
            return form(request, Choose(token: token, problems: ["The form had expired. Please try again."]), status: .forbidden)
        }
        var problems: [String] = []
        if let problem = Passwords.problem(with: fields.raw("password")) { problems.append("New password: \(problem).") }
        if fields.raw("password") != fields.raw("confirm") { problems.append("The two new passwords are not the same.") }
        guard problems.isEmpty else { return form(request, Choose(token: token, problems: problems), status: .unprocessableContent) }
        guard try await reset.complete(tokenHash: TokenMaker.hash(token), passwordHash: try await Passwords.hash(fields.raw("password")),
                                       now: clock.now())
        else { return expired() }
        return Response(status: .seeOther, headers: [.location: "/signin?reset=1"])
    }
}

/// `/settings/account`: one's own password and sign-ins, behind the owner's door.
struct AccountPage {
    let account: AccountDesk
    let owner: OwnerPages

    struct SignIn: Equatable { var since, lastSeen, from: String; var current: Bool }
    struct Model: Equatable {
        var email: String
        var notice: String?
        var problems: [String]
        var hasProblems: Bool
        var signIns: [SignIn]
        var others: Bool
    }

    func add(to router: RouterGroup<DeskContext>) {
        router.get("settings/account") { request, context in
            try await page(request, context, notice: request.uri.queryParameters.get("done"), problems: [])
        }
        router.post("settings/account/password") { request, context in
            let signedIn = try context.requireCaller()
            let fields = context.form
            let stored = try await account.passwordHash(email: signedIn.email ?? "")
            var problems: [String] = []
            if try await !Passwords.verify(fields.raw("current"), hash: stored) {
                problems.append("Current password: it is not right.")
            }
            if let problem = Passwords.problem(with: fields.raw("password")) { problems.append("New password: \(problem).") }
            if fields.raw("password") != fields.raw("confirm") { problems.append("The two new passwords are not the same.") }
            guard problems.isEmpty else {
                return try await page(request, context, notice: nil, problems: problems, status: .unprocessableContent)
            }
            let current = try await owner.sessions.current(request)?.session.idHash
            try await account.setPassword(userID: signedIn.userID, passwordHash: try await Passwords.hash(fields.raw("password")),
                                          keeping: current)
            return Response(status: .seeOther, headers: [.location: "/settings/account?done=password"])
        }
        router.post("settings/account/sign-out-others") { request, context in
            let signedIn = try context.requireCaller()
            if let current = try await owner.sessions.current(request)?.session.idHash {
                try await account.signOutOthers(userID: signedIn.userID, keeping: current)
            }
            return Response(status: .seeOther, headers: [.location: "/settings/account?done=others"])
        }
    }

    private func page(_ request: Request, _ context: DeskContext, notice: String?, problems: [String],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let signedIn = try context.requireCaller()
        let desk = try context.requireDesk()
        let calendar = try desk.calendar()
        let current = try await owner.sessions.current(request)?.session.idHash
        let signIns = try await account.signIns(userID: signedIn.userID, now: desk.now).map { record in
            SignIn(since: calendar.spoken(Instant(secondsSince1970: record.createdAt)),
                   lastSeen: calendar.spoken(Instant(secondsSince1970: record.lastSeenAt)),
                   from: [record.userAgent.map { String($0.prefix(80)) }, record.address].compactMap { $0 }.joined(separator: " · "),
                   current: record.idHash == current)
        }
        let words = ["password": "Your new password is set. You are still signed in here; everywhere else is signed out.",
                     "others": "Signed out everywhere else."]
        let model = Model(email: signedIn.email ?? "", notice: notice.flatMap { words[$0] }, problems: problems,
                          hasProblems: !problems.isEmpty, signIns: signIns, others: signIns.contains { !$0.current })
        return owner.render("account", signedIn, section: .settings, title: "Your account", page: model, status: status)
    }
}
