import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// Sign in, sign out, and the home page that leads to Today.
struct PageRoutes {
    let signIns: SignInDesk
    let pages: PageRenderer
    var sessions: BrowserSignIns { BrowserSignIns(signIns: signIns, clock: signIns.clock) }

    func add(to router: Router<DeskContext>) {
        router.get("/") { request, context in try await home(request, context) }
        router.get("signin") { request, _ in
            signInForm(request, email: "", next: Self.localPath(request.uri.queryParameters.get("next")), problems: [],
                       reset: request.uri.queryParameters.get("reset") == "1")
        }
        router.post("signin") { request, context in try await signIn(request, context) }
        router.post("signout") { request, _ in try await signOut(request) }
    }

    /// The home page of someone signed in without a workspace yet.
    struct Home: Equatable { var title, workspace, user, csrf: String }

    /// The sign-in form, with what went wrong last time.
    struct SignInForm: Equatable {
        var title, email, formToken: String
        var next: String?
        var reset: Bool
        var problems: [String]
        var hasProblems: Bool
    }

    // MARK: Home

    private func home(_ request: Request, _ context: DeskContext) async throws -> Response {
        guard let current = try await sessions.current(request) else {
            if try await !signIns.hasUsers() {
                return pages.errorPage(.ok, heading: "Welcome to Gatehouse",
                                       message: "This desk has not been set up yet. Open the setup link that gatehouse serve printed in its terminal.")
            }
            return Response(status: .seeOther, headers: [.location: "/signin"])
        }
        guard !current.workspaces.isEmpty else {
            return pages.page("home", Home(title: "Gatehouse", workspace: "No workspace yet", user: current.user.email,
                                           csrf: current.session.csrfToken))
        }
        return Response(status: .seeOther, headers: [.location: "/today"])
    }

    // MARK: Sign in and out

    private func signInForm(_ request: Request, email: String, next: String?, problems: [String], reset: Bool = false,
                            status: HTTPResponse.Status = .ok) -> Response {
        let formToken = BrowserSignIns.randomToken()
        var response = pages.page("signin", SignInForm(title: "Sign in", email: email, formToken: formToken, next: next,
                                                       reset: reset, problems: problems, hasProblems: !problems.isEmpty),
                                  status: status)
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
        if try await signIns.isThrottled(email: email, address: context.address) {
            return signInForm(request, email: email, next: next, problems: [
                "Too many unsuccessful attempts. For your security, please wait 15 minutes before trying again.",
            ], status: .tooManyRequests)
        }
        let found = try await signIns.credentials(email: email)
        // Verify even for unknown accounts, so timing does not reveal which emails exist.
        let matches = try await Passwords.verify(fields.raw("password"), hash: found?.passwordHash)
        guard let found, matches else {
            try await signIns.recordFailure(email: email, address: context.address)
            return signInForm(request, email: email, next: next, problems: ["The email or password is not right."],
                              status: .unauthorized)
        }
        try await signIns.clearFailures(email: email)
        let workspaceID = try await signIns.firstWorkspaceID(of: found.user.id)
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
        try await signIns.end(idHash: current.session.idHash)
        var response = Response(status: .seeOther, headers: [.location: "/signin"])
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.sessionCookie, "", maxAge: 0,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }
}
