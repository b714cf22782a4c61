import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/workspaces/new`: another workspace for the signed-in user, asked for the way first-run setup
/// asks (the business's own details, hours, holidays, channels, what is urgent); and opening
/// another of one's workspaces (`/workspaces/{id}/open`), from Settings.
struct WorkspacesPage {
    let owner: OwnerPages

    func add(to router: RouterGroup<DeskContext>) {
        router.get("workspaces/new") { _, context in
            let signedIn = try context.requireCaller()
            return page(Self.model(csrf: signedIn.csrf ?? "", fields: nil, problems: []))
        }
        router.post("workspaces/new") { request, context in
            let signedIn = try context.requireCaller()
            var fields = context.form
            var problems: [String] = []
            var holidayNote: String?
            switch fields.foldHolidayCalendar(now: owner.clock.now()) {
            case .success(let note): holidayNote = note
            case .failure(let problem): problems.append(SetupPage.sentence(problem))
            }
            guard let example = ExamplePolicies.all().first(where: { $0.id == fields["example"] }) else {
                return page(Self.model(csrf: signedIn.csrf ?? "", fields: fields, problems: problems + ["Choose a starting policy."]),
                            status: .unprocessableContent)
            }
            if !problems.isEmpty {
                return page(Self.model(csrf: signedIn.csrf ?? "", fields: fields, problems: problems), status: .unprocessableContent)
            }
            do {
                let done = try await owner.newWorkspace
                    .create(slug: fields["slug"], answers: SetupPage.answers(fields), exampleYAML: example.yaml,
                            ownerID: signedIn.userID, now: owner.clock.now())
                // The browser goes on in the new workspace.
                if let session = request.cookies[BrowserSignIns.sessionCookie]?.value {
                    _ = try await owner.signIns.switchWorkspace(idHash: TokenMaker.hash(session), to: done.workspace.id)
                }
                return owner.pages.page("setup-ready", SetupPage.Ready(business: done.workspace.name, slug: done.workspace.slug,
                                                                       notes: (holidayNote.map { [$0] } ?? []) + done.notes))
            } catch let error as SetupProblems {
                return page(Self.model(csrf: signedIn.csrf ?? "", fields: fields, problems: error.all.map(SetupPage.sentence)),
                            status: .unprocessableContent)
            } catch let error as StoreError {
                return page(Self.model(csrf: signedIn.csrf ?? "", fields: fields, problems: ["Short name: \(error.detail)"]),
                            status: .unprocessableContent)
            }
        }
        router.post("workspaces/:id/open") { request, context in
            _ = try context.requireCaller()
            let id = try context.parameters.require("id")
            guard let session = request.cookies[BrowserSignIns.sessionCookie]?.value,
                  try await owner.signIns.switchWorkspace(idHash: TokenMaker.hash(session), to: Workspace.ID(id))
            else {
                return owner.pages.errorPage(.notFound, heading: "Not one of your workspaces",
                                             message: "You are not a member of that workspace.", link: ("/settings", "Back to settings"))
            }
            return Response(status: .seeOther, headers: [.location: "/today"])
        }
    }

    /// The setup form, as a new workspace for someone already signed in.
    static func model(csrf: String, fields: FormFields?, problems: [String]) -> SetupPage.Model {
        var model = SetupPage.model(token: "", fields: fields, problems: problems)
        model.title = "A new workspace"
        model.heading = "A new workspace"
        model.action = "/workspaces/new"
        model.submitLabel = "Create the workspace"
        model.forAccount = false
        model.csrf = csrf
        return model
    }

    private func page(_ model: SetupPage.Model, status: HTTPResponse.Status = .ok) -> Response {
        owner.pages.page("setup", model, status: status)
    }
}
