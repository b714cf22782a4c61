import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/settings/alerts`: where the owner is alerted about urgent matters — an email address of
/// their own and a push to their phone through ntfy — and a test push. Owners change them;
/// staff see them. A page is its model plus a view; the use case is `AlertDestinations` (Desk).
struct AlertSettingsPage {
    let owner: OwnerPages
    let key: ServerKey
    let pushes: AlertPushSender
    let publicBaseURL: String

    struct Model: Equatable {
        var canEdit: Bool
        var email, ntfyServer, ntfyTopic, onCall: String
        var acknowledgeWithin: String
        var hasToken: Bool
        var businessEmail: String
        var saved: Bool
        var test: String?
        var testFailed: Bool
        var problems: [String: String]
        var emailProblem, serverProblem, topicProblem, onCallProblem: String?
        var pushesNow: Bool
    }

    func add(to router: RouterGroup<DeskContext>) {
        router.get("settings/alerts") { request, context in
            let signedIn = try context.requireCaller()
            return try await page(signedIn, context, saved: request.uri.queryParameters.get("saved") == "1")
        }
        router.post("settings/alerts") { _, context in
            let signedIn = try context.requireCaller()
            guard signedIn.role == .owner else {
                return try await page(signedIn, context, problems: ["other": "Only the workspace's owner can change where alerts go."],
                                      status: .forbidden)
            }
            let fields = context.form
            let answers = AlertDestinations.Answers(email: fields["email"], ntfyServer: fields["ntfy_server"],
                                                    ntfyTopic: fields["ntfy_topic"], onCall: fields.raw("on_call"))
            let token = fields["remove_token"] == "yes" ? "" : (fields.raw("ntfy_token").isEmpty ? nil : fields.raw("ntfy_token"))
            do {
                try await destinations(context).save(answers, token: token, actor: signedIn.userID, now: owner.clock.now())
            } catch let problem as AlertDestinations.Problem {
                return try await page(signedIn, context, input: answers, problems: problem.formProblems(), status: .unprocessableContent)
            }
            if fields["then"] == "test" {
                let failure = try await destinations(context).sendTestPush(publicBaseURL: publicBaseURL)
                return try await page(signedIn, context, saved: true, test: failure.map { "The test push did not arrive: \($0)." }
                                          ?? "Saved, and a test push was sent: it should be on your phone now.",
                                      testFailed: failure != nil)
            }
            return Response(status: .seeOther, headers: [.location: "/settings/alerts?saved=1"])
        }
    }

    private func destinations(_ context: DeskContext) throws -> AlertDestinations {
        try context.requireDesk().alertDestinations(key: key, pushes: pushes)
    }

    private func page(_ signedIn: Caller, _ context: DeskContext, saved: Bool = false, input: AlertDestinations.Answers? = nil,
                      test: String? = nil, testFailed: Bool = false, problems: [String: String] = [:],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let current = try await destinations(context).current()
        let policy = try? signedIn.workspace.policy()
        let model = Self.model(shown: input ?? current, hasToken: current.hasToken, canEdit: signedIn.role == .owner,
                               acknowledgeWithin: (policy?.urgent.acknowledgeWithin ?? .minutes(10)).spokenDescription,
                               businessEmail: policy?.business.email, saved: saved,
                               test: test, testFailed: testFailed, problems: problems)
        return owner.render("alert-settings", signedIn, section: .settings, title: "Alerts", page: model, status: status)
    }

    static func model(shown: AlertDestinations.Answers, hasToken: Bool, canEdit: Bool, acknowledgeWithin: String,
                      businessEmail: String?, saved: Bool,
                      test: String?, testFailed: Bool, problems: [String: String]) -> Model {
        Model(canEdit: canEdit, email: shown.email,
              ntfyServer: shown.ntfyServer.isEmpty && shown.ntfyTopic.isEmpty ? "https://ntfy.sh" : shown.ntfyServer,
              ntfyTopic: shown.ntfyTopic.isEmpty && shown.ntfyServer.isEmpty ? AlertDestinations.suggestedTopic() : shown.ntfyTopic,
              onCall: shown.onCall, acknowledgeWithin: acknowledgeWithin,
              hasToken: hasToken, businessEmail: businessEmail ?? "the business address", saved: saved && problems.isEmpty,
              test: test, testFailed: testFailed, problems: problems, emailProblem: problems["email"],
              serverProblem: problems["ntfy_server"], topicProblem: problems["ntfy_topic"], onCallProblem: problems["on_call"],
              pushesNow: !shown.ntfyServer.isEmpty && !shown.ntfyTopic.isEmpty)
    }
}
