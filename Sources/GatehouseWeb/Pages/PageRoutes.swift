import Foundation
import GatehouseCore
import GatehouseStore
import Hummingbird

/// The pages of this stage: first-run setup, sign in, sign out, and a home page.
struct PageRoutes {
    let database: Database
    let clock: any DeskClock
    let pages: PageRenderer
    var sessions: BrowserSignIns { BrowserSignIns(database: database, clock: clock) }

    /// Failed sign-ins allowed per account, and per address, in `throttleWindow`.
    static let accountLimit = 5
    static let addressLimit = 20
    static let throttleWindow: Int64 = 15 * 60

    func add(to router: Router<DeskContext>) {
        router.get("/") { request, context in try await home(request, context) }
        router.get("setup") { request, _ in try await setupForm(request) }
        router.post("setup") { request, context in try await setup(request, context) }
        router.get("signin") { request, _ in
            signInForm(request, email: "", next: Self.localPath(request.uri.queryParameters.get("next")), problems: [])
        }
        router.post("signin") { request, context in try await signIn(request, context) }
        router.post("signout") { request, _ in try await signOut(request) }
    }

    // MARK: Home

    private func home(_ request: Request, _ context: DeskContext) async throws -> Response {
        guard let current = try await sessions.current(request) else {
            if try await !Accounts(database: database).hasUsers() {
                return pages.errorPage(.ok, heading: "Welcome to Gatehouse",
                                       message: "This desk has not been set up yet. Open the setup link that gatehouse serve printed in its terminal.")
            }
            return Response(status: .seeOther, headers: [.location: "/signin"])
        }
        guard !current.workspaces.isEmpty else {
            return pages.page("home", ["title": "Gatehouse", "workspace": "No workspace yet", "user": current.user.email,
                                       "csrf": current.session.csrfToken])
        }
        return Response(status: .seeOther, headers: [.location: "/today"])
    }

    // MARK: Setup

    private func setupForm(_ request: Request) async throws -> Response {
        let token = request.uri.queryParameters.get("token") ?? ""
        guard try await !Accounts(database: database).hasUsers() else {
            return pages.errorPage(.gone, heading: "Already set up", message: "This desk already has an owner.",
                                   link: ("/signin", "Sign in"))
        }
        guard try await SetupTokens(database: database).isValid(tokenHash: TokenMaker.hash(token), now: clock.now()) else {
            return pages.errorPage(.forbidden, heading: "This setup link does not work",
                                   message: "It has been used, has expired, or was copied incompletely. Restart gatehouse serve to print a new one.")
        }
        return setupPage(request, token: token, fields: nil, problems: [])
    }

    private func setupPage(_ request: Request, token: String, fields: FormFields?, problems: [String],
                           status: HTTPResponse.Status = .ok) -> Response {
        let formToken = BrowserSignIns.randomToken()
        let chosen = fields?["example"] ?? ""
        let examples = ExamplePolicies.all().enumerated().map { index, example -> [String: Any] in
            ["id": example.id, "label": example.label, "selected": chosen.isEmpty ? index == 0 : example.id == chosen]
        }
        var response = pages.page("setup", [
            "title": "Set up your desk", "token": token, "formToken": formToken,
            "name": fields?["name"] ?? "", "email": fields?["email"] ?? "", "business": fields?["business"] ?? "",
            "slug": fields?["slug"] ?? "", "timezone": fields?["timezone"] ?? "America/Chicago",
            "examples": examples, "problems": problems, "hasProblems": !problems.isEmpty,
        ], status: status)
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.formCookie, formToken, maxAge: 3600,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }

    private func setup(_ request: Request, _ context: DeskContext) async throws -> Response {
        let fields = try await FormFields.read(request)
        let token = fields["token"]
        guard BrowserSignIns.same(fields["form_token"], request.cookies[BrowserSignIns.formCookie]?.value) else {
            return pages.errorPage(.forbidden, heading: "Please try again",
                                   message: "The form had expired or came from another page. Open the setup link again.")
        }
        var problems: [String] = []
        if fields["name"].isEmpty { problems.append("Your name is missing.") }
        if let problem = Passwords.problem(with: fields.raw("password")) { problems.append("Password: \(problem).") }
        if fields["business"].isEmpty { problems.append("The business name is missing.") }
        if !BusinessTimeZone.isKnown(fields["timezone"]) {
            problems.append("Time zone: '\(fields["timezone"])' is not an IANA time zone such as America/Chicago.")
        }
        guard let example = ExamplePolicies.all().first(where: { $0.id == fields["example"] }) else {
            return setupPage(request, token: token, fields: fields, problems: problems + ["Choose a starting policy."],
                             status: .unprocessableContent)
        }
        guard problems.isEmpty else {
            return setupPage(request, token: token, fields: fields, problems: problems, status: .unprocessableContent)
        }
        let yaml = ExamplePolicies.personalised(example.yaml, name: fields["business"], timeZone: fields["timezone"])
        do {
            let (workspace, user) = try await SetupTokens(database: database).completeSetup(
                tokenHash: TokenMaker.hash(token), slug: fields["slug"], policyYAML: yaml, email: fields["email"],
                name: fields["name"], passwordHash: try await Passwords.hash(fields.raw("password")), now: clock.now())
            let cookie = try await sessions.start(for: user, workspaceID: workspace.id, request: request,
                                                  address: context.address)
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.setCookie(cookie)
            return response
        } catch let error as StoreError {
            return setupPage(request, token: token, fields: fields, problems: [error.message], status: .unprocessableContent)
        } catch let error as PolicyError {
            return setupPage(request, token: token, fields: fields, problems: error.diagnostics.map(\.message),
                             status: .unprocessableContent)
        }
    }

    // MARK: Sign in and out

    private func signInForm(_ request: Request, email: String, next: String?, problems: [String],
                            status: HTTPResponse.Status = .ok) -> Response {
        let formToken = BrowserSignIns.randomToken()
        var response = pages.page("signin", present(["title": "Sign in", "email": email, "formToken": formToken, "next": next,
                                                     "problems": problems, "hasProblems": !problems.isEmpty]), status: status)
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.formCookie, formToken, maxAge: 3600,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }

    private func signIn(_ request: Request, _ context: DeskContext) async throws -> Response {
        let fields = try await FormFields.read(request)
        let email = fields["email"].lowercased()
        let next = Self.localPath(fields["next"])
        guard BrowserSignIns.same(fields["form_token"], request.cookies[BrowserSignIns.formCookie]?.value) else {
            return signInForm(request, email: email, next: next, problems: ["The form had expired. Please sign in again."],
                              status: .forbidden)
        }
        let failures = LoginFailures(database: database)
        let now = clock.now()
        let recent = try await failures.count(email: email, address: context.address,
                                              since: now - TimeSpan(seconds: Self.throttleWindow))
        if recent.account >= Self.accountLimit || recent.address >= Self.addressLimit {
            return signInForm(request, email: email, next: next, problems: [
                "Too many unsuccessful attempts. For your security, please wait 15 minutes before trying again.",
            ], status: .tooManyRequests)
        }
        let found = try await Accounts(database: database).credentials(email: email)
        // Verify even for unknown accounts, so timing does not reveal which emails exist.
        let matches = try await Passwords.verify(fields.raw("password"), hash: found?.passwordHash)
        guard let found, matches else {
            try await failures.record(email: email, address: context.address, now: now)
            return signInForm(request, email: email, next: next, problems: ["The email or password is not right."],
                              status: .unauthorized)
        }
        try await failures.clear(email: email)
        let workspaceID = try await Accounts(database: database).workspaces(of: found.user.id).first?.workspace.id
        let cookie = try await sessions.start(for: found.user, workspaceID: workspaceID, request: request,
                                              address: context.address)
        var response = Response(status: .seeOther, headers: [.location: next ?? "/"])
        response.setCookie(cookie)
        return response
    }

    /// `path` when it is a path on this desk, so that signing in never sends anyone to another site.
    static func localPath(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"), path.count < 2000,
              !path.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return nil }
        return path
    }

    private func signOut(_ request: Request) async throws -> Response {
        let fields = try await FormFields.read(request)
        guard let current = try await sessions.current(request) else {
            return Response(status: .seeOther, headers: [.location: "/signin"])
        }
        guard BrowserSignIns.same(fields["csrf"], current.session.csrfToken) else {
            return pages.errorPage(.forbidden, heading: "Please try again",
                                   message: "The sign-out form had expired.", link: ("/", "Back"))
        }
        try await SignIns(database: database).delete(idHash: current.session.idHash)
        var response = Response(status: .seeOther, headers: [.location: "/signin"])
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.sessionCookie, "", maxAge: 0,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }
}
