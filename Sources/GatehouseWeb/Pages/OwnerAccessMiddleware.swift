import Foundation
import Hummingbird

/// The door to the owner's pages: a request without a session goes to sign in, and a form post
/// whose CSRF token is not the session's changes nothing. Past it, the request context holds
/// who is signed in (`context.requireCaller()`), their workspace desk (`context.requireDesk()`)
/// and, for a form post, its fields (`context.form`).
struct OwnerAccessMiddleware: RouterMiddleware {
    typealias Context = DeskContext
    let owner: OwnerPages
    let desks: WorkspaceDesks

    /// The largest owner form: the policy editor's YAML.
    static let formLimit = 512 * 1024

    func handle(_ request: Request, context: DeskContext,
                next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        guard let signedIn = try await owner.signedIn(request) else { return OwnerPages.toSignIn(request) }
        var context = context
        context.caller = signedIn
        context.desk = desks.desk(for: signedIn.workspace)
        if request.method == .post {
            let fields = try await FormFields.read(request, limit: Self.formLimit)
            guard BrowserSignIns.same(fields["csrf"], signedIn.csrf) else {
                return owner.expired(back: Self.back(from: request))
            }
            context.form = fields
        }
        return try await next(request, context)
    }

    /// Where "Back" leads from an expired form: the page the form was on, when the browser said
    /// so and it is one of this desk's own; else the section the form belongs to.
    static func back(from request: Request) -> String {
        if let referer = request.headers[.referer], let url = URL(string: referer), let host = url.host,
           host == request.head.authority?.split(separator: ":").first.map(String.init), !url.path.isEmpty {
            return url.path
        }
        return "/" + (request.uri.path.split(separator: "/").first.map(String.init) ?? "today")
    }
}
