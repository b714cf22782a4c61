import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// The parts of the owner's app: each page says which one it belongs to, and the navigation marks it.
enum DeskSection: String, CaseIterable {
    case today, appointments, inbox, customers, jobs, reports, policy, settings

    var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
    var path: String { "/" + rawValue }
}

/// What every owner page shares: who is signed in, the layout around the page, and the answers
/// for a missing session or an expired form.
struct OwnerPages {
    let signIns: SignInDesk
    let newWorkspace: NewWorkspace
    let clock: any DeskClock
    let pages: PageRenderer

    var sessions: BrowserSignIns { BrowserSignIns(signIns: signIns, clock: clock) }

    /// The signed-in user of this request in the workspace their session is for, or nil.
    func signedIn(_ request: Request) async throws -> Caller? {
        guard let current = try await sessions.current(request) else { return nil }
        let memberships = current.workspaces
        guard let chosen = memberships.first(where: { $0.workspace.id == current.session.workspaceID }) ?? memberships.first
        else { return nil }
        return Caller(workspace: chosen.workspace, actor: current.user.id, role: chosen.role, email: current.user.email,
                      csrf: current.session.csrfToken)
    }

    /// Where a request without a session goes: the sign-in page, which brings it back afterwards.
    static func toSignIn(_ request: Request) -> Response {
        let back = request.method == .get ? request.uri.path + (request.uri.query.map { "?" + $0 } ?? "") : "/"
        let encoded = back.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_.~"))) ?? "/"
        return Response(status: .seeOther, headers: [.location: "/signin?next=" + encoded])
    }

    /// A form post about one thing of the signed-in user's workspace (a job, a change order, a
    /// conversation), past the door (`OwnerAccessMiddleware`): a thing `find` does not find in
    /// the workspace is `missing`.
    func post<Thing>(_ request: Request, _ context: DeskContext, find: (Caller) async throws -> Thing?, missing: () -> Response,
                     _ handle: (Caller, Thing, FormFields) async throws -> Response) async throws -> Response {
        let signedIn = try context.requireCaller()
        guard let thing = try await find(signedIn) else { return missing() }
        return try await handle(signedIn, thing, context.form)
    }

    /// The page for a form whose CSRF token did not match.
    func expired(back: String) -> Response {
        pages.errorPage(.forbidden, heading: "Please try again",
                        message: "The form had expired or came from another page. Nothing was changed.", link: (back, "Back"))
    }

    /// The owner's layout around a page's typed model: the template reads the layout's values
    /// (title, workspace, navigation, sign-out form) and, inside `{{#page}}`, the model's.
    struct Layout<Page>: @unchecked Sendable {
        struct NavItem { var href, label: String; var current: Bool }
        var title, workspace, slug, user, csrf, assets: String
        var isOwner: Bool
        var nav: [NavItem]
        var page: Page
    }

    /// `template` inside the owner's layout, filled from the page's typed model.
    func render<Page>(_ template: String, _ signedIn: Caller, section: DeskSection, title: String, page: Page,
                      status: HTTPResponse.Status = .ok) -> Response {
        let layout = Layout(title: title, workspace: signedIn.workspace.name, slug: signedIn.workspace.slug,
                            user: signedIn.email ?? "", csrf: signedIn.csrf ?? "", assets: DeskAssets.version,
                            isOwner: signedIn.role == .owner,
                            nav: DeskSection.allCases.map { .init(href: $0.path, label: $0.label, current: $0 == section) },
                            page: page)
        return pages.page(template, layout, status: status)
    }

}
