import Foundation
import GatehouseCore
import GatehouseStore
import Hummingbird

/// Sign in, sign out, and the home page that leads to Today.
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
        router.get("signin") { request, _ in
            signInForm(request, email: "", next: Self.localPath(request.uri.queryParameters.get("next")), problems: [],
                       reset: request.uri.queryParameters.get("reset") == "1")
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

    // MARK: Sign in and out

    private func signInForm(_ request: Request, email: String, next: String?, problems: [String], reset: Bool = false,
                            status: HTTPResponse.Status = .ok) -> Response {
        let formToken = BrowserSignIns.randomToken()
        var response = pages.page("signin", present(["title": "Sign in", "email": email, "formToken": formToken, "next": next,
                                                     "reset": reset ? "yes" : nil,
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
