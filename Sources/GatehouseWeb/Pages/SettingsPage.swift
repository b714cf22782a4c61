import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/settings`: how mail leaves (a link to its own page), the ingest addresses and tokens, the
/// webhooks for urgent notifications, and the team with their roles. Owners change them; staff
/// see them. A new token or webhook secret is shown once, on the page that made it.
struct SettingsPage {
    let owner: OwnerPages
    let publicBaseURL: String
    let recentTokens: RecentTokens
    /// Seals the webhooks' secrets.
    let key: ServerKey

    func add(to router: RouterGroup<DeskContext>) {
        router.get("settings") { request, context in
            let signedIn = try context.requireCaller()
            let notices = ["revoked": "The token is revoked; anything using it is refused from now on.",
                           "removed": "The webhook is removed.", "member": "They are on the team and can sign in now.",
                           "role": "Their role is changed.",
                           "address": "The public address is kept. Commands such as gatehouse ingest use it at once; "
                               + "the running desk uses it from its next start (unless --public-url says otherwise)."]
            return try await page(signedIn, try context.requireDesk(), notice: notices[request.uri.queryParameters.get("done") ?? ""])
        }
        router.post("settings/public-address") { request, context in
            try await ownerForm(context) { signedIn, fields in
                do {
                    try await context.requireDesk().setPublicAddress(fields["public_url"])
                } catch let error as StoreError {
                    return try await page(signedIn, try context.requireDesk(), problems: ["publicURL": "Public address: \(error.detail)"],
                                          input: ["public_url": fields["public_url"]], status: .unprocessableContent)
                }
                return Self.done("address")
            }
        }
        router.post("settings/tokens") { request, context in
            try await ownerForm(context) { signedIn, fields in
                let name = fields["name"]
                guard !name.isEmpty, name.count <= 100 else {
                    return try await page(signedIn, try context.requireDesk(), problems: ["tokenName": "Give the token a name of up to 100 characters, such as “mail relay”."],
                                          status: .unprocessableContent)
                }
                guard let scope = TokenScope(rawValue: fields["scope"]) else {
                    return try await page(signedIn, try context.requireDesk(), problems: ["tokenScope": "Choose what the token may do."], status: .unprocessableContent)
                }
                let made = TokenMaker.make()
                _ = try await context.requireDesk().tokens.issue(name: name, tokenHash: made.hash, scope: scope,
                                                                 createdBy: signedIn.userID, now: owner.clock.now())
                return try await page(signedIn, try context.requireDesk(), shown: ("The new token “\(name)”. Copy it now: it is not shown again.", made.token))
            }
        }
        router.post("settings/tokens/:id/revoke") { request, context in
            try await ownerForm(context) { signedIn, _ in
                let id = try context.parameters.require("id")
                guard try await context.requireDesk().tokens.revoke(id, actor: signedIn.userID, now: owner.clock.now())
                else { return notFound("token") }
                recentTokens.forget(tokenID: id)
                return Self.done("revoked")
            }
        }
        router.post("settings/webhooks") { request, context in
            try await ownerForm(context) { signedIn, fields in
                let url = fields["url"]
                do {
                    try Webhook.validate(url: url)
                    let added = try await context.requireDesk().webhooks(key: key)
                        .add(url: url, description: String(fields["description"].prefix(200)), actor: signedIn.userID,
                             now: owner.clock.now())
                    return try await page(signedIn, try context.requireDesk(), shown: ("The webhook's signing secret. Copy it now: it is not shown again.", added.secret))
                } catch let error as StoreError {
                    return try await page(signedIn, try context.requireDesk(), problems: ["webhookURL": error.message], input: ["url": url],
                                          status: .unprocessableContent)
                }
            }
        }
        router.post("settings/webhooks/:id/remove") { request, context in
            try await ownerForm(context) { signedIn, _ in
                guard try await context.requireDesk().webhooks(key: key)
                    .remove(try context.parameters.require("id"), actor: signedIn.userID, now: owner.clock.now())
                else { return notFound("webhook") }
                return Self.done("removed")
            }
        }
        router.post("settings/team") { request, context in
            try await ownerForm(context) { signedIn, fields in
                try await addMember(signedIn, try context.requireDesk(), fields)
            }
        }
        router.post("settings/team/:user/role") { request, context in
            try await ownerForm(context) { signedIn, fields in
                let userID = try context.parameters.require("user")
                guard let role = Role(rawValue: fields["role"]) else {
                    return try await page(signedIn, try context.requireDesk(), problems: ["team": "Choose owner or staff."], status: .unprocessableContent)
                }
                switch try await context.requireDesk().team.setRole(role, userID: userID, actor: signedIn.userID,
                                                                     now: owner.clock.now()) {
                case .notAMember: return notFound("member")
                case .lastOwner:
                    return try await page(signedIn, try context.requireDesk(), problems: ["team": "A workspace keeps at least one owner: make someone else owner first."],
                                          status: .conflict)
                case .changed: return Self.done("role")
                }
            }
        }
    }

    static func done(_ what: String) -> Response {
        Response(status: .seeOther, headers: [.location: "/settings?done=\(what)"])
    }

    private func notFound(_ what: String) -> Response {
        owner.pages.errorPage(.notFound, heading: "No such \(what)", message: "It is not in this workspace.", link: ("/settings", "Back to the settings"))
    }

    /// A settings form, past the door: only the owner may change anything.
    private func ownerForm(_ context: DeskContext, _ handle: (Caller, FormFields) async throws -> Response) async throws -> Response {
        let signedIn = try context.requireCaller()
        let fields = context.form
        guard signedIn.role == .owner else {
            return try await page(signedIn, try context.requireDesk(), problems: ["other": "Only the workspace's owner can change the settings."], status: .forbidden)
        }
        return try await handle(signedIn, fields)
    }

    private func addMember(_ signedIn: Caller, _ desk: WorkspaceDesk, _ fields: FormFields) async throws -> Response {
        let team = desk.team
        let email = fields["email"].lowercased()
        var problems: [String: String] = [:]
        if !email.contains("@") || email.hasPrefix("@") || email.hasSuffix("@") || email.contains(" ") {
            problems["memberEmail"] = "'\(fields["email"])' is not an email address."
        }
        if fields["name"].isEmpty { problems["memberName"] = "Their name is missing." }
        let existing = problems.isEmpty ? try await team.existingUser(email: email) : nil
        if existing == nil, let problem = Passwords.problem(with: fields.raw("password")) {
            problems["memberPassword"] = "Password: \(problem)."
        }
        let role = Role(rawValue: fields["role"]) ?? .staff
        let input = ["email": fields["email"], "name": fields["name"], "role": role.rawValue]
        guard problems.isEmpty else { return try await page(signedIn, desk, problems: problems, input: input, status: .unprocessableContent) }
        do {
            // Someone who already has an account (in another workspace) joins with the password they have.
            try await team.add(email: email, name: fields["name"],
                               passwordHash: existing == nil ? try await Passwords.hash(fields.raw("password")) : nil,
                               existing: existing, role: role, actor: signedIn.userID, now: owner.clock.now())
        } catch let error as StoreError {
            return try await page(signedIn, desk, problems: ["memberEmail": error.message], input: input, status: .unprocessableContent)
        }
        return Self.done("member")
    }

    /// What the settings page shows: how mail leaves, the public address, tokens, workspaces,
    /// webhooks and the team, with any problems of the form just sent.
    struct Model: Equatable {
        struct Token: Equatable { var id, name, scope: String; var created, used, revoked: String? }
        struct Membership: Equatable { var id, name, slug, role: String; var isThis: Bool }
        struct Hook: Equatable { var id, url: String; var description: String? }
        struct Member: Equatable { var id, email: String; var name: String?; var isOwner, isYou: Bool }
        var mailState: String
        var notice: String?
        var publicURL: String
        var publicURLStored: Bool
        var publicURLRunning: String
        var publicURLProblem: String?
        var shownWhat, shownSecret: String?
        var ingestEmail, ingestSMS: String
        var tokens: [Token]
        var workspaces: [Membership]
        var hooks: [Hook]
        var members: [Member]
        /// Whether anyone but the signed-in user is on the team (whose role could be changed).
        var hasOthers: Bool
        var problems: [String: String]
        var other: String?
        var memberEmail, memberName: String?
        var memberStaff: Bool
        var webhookURL: String?
    }

    private func page(_ signedIn: Caller, _ desk: WorkspaceDesk, notice: String? = nil, problems: [String: String] = [:], input: [String: String] = [:],
                      shown: (what: String, secret: String)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let workspaceID = signedIn.workspace.id
        let mail = try await desk.sendingSettings.current()
        let tokens = try await desk.tokens.list()
        let hooks = try await desk.webhooks(key: key).list()
        let members = try await desk.team.members()
        let mine = try await desk.team.workspaces(of: signedIn.userID)
        let calendar = try? signedIn.workspace.businessCalendar()
        func date(_ seconds: Int64?) -> String? {
            seconds.flatMap { s in calendar.map { $0.spoken(Instant(secondsSince1970: s)) } }
        }
        let mailState: String = switch mail?.method {
        case .smtp?: "Sent through the SMTP server \(mail?.host ?? "")."
        case .sendmail?: "Sent with the sendmail command on this machine."
        case nil: "Not set up yet: acknowledgements and replies wait in the outbox until it is."
        }
        let stored = try await desk.storedPublicAddress()
        let model = Model(
            mailState: mailState, notice: notice?.nonEmpty,
            publicURL: input["public_url"] ?? stored ?? publicBaseURL, publicURLStored: stored != nil,
            publicURLRunning: publicBaseURL, publicURLProblem: problems["publicURL"],
            shownWhat: shown?.what, shownSecret: shown?.secret.nonEmpty,
            ingestEmail: publicBaseURL + "/inbound/email", ingestSMS: publicBaseURL + "/inbound/sms",
            tokens: tokens.map { token in
                Model.Token(id: token.id, name: token.name, scope: token.scope == .api ? "API" : "ingest only",
                            created: date(token.createdAt), used: date(token.lastUsedAt), revoked: date(token.revokedAt))
            },
            workspaces: mine.map { item in
                Model.Membership(id: item.workspace.id.rawValue, name: item.workspace.name, slug: item.workspace.slug,
                                 role: item.role == .owner ? "owner" : "staff", isThis: item.workspace.id == workspaceID)
            },
            hooks: hooks.map { Model.Hook(id: $0.id, url: $0.url, description: $0.description.nonEmpty) },
            members: members.map { member in
                Model.Member(id: member.user.id, email: member.user.email, name: member.user.name.nonEmpty,
                             isOwner: member.role == .owner, isYou: member.user.id == signedIn.userID)
            },
            hasOthers: members.contains { $0.user.id != signedIn.userID },
            problems: problems, other: problems["other"],
            memberEmail: input["email"], memberName: input["name"], memberStaff: input["role"] != "owner",
            webhookURL: input["url"])
        return owner.render("settings", signedIn, section: .settings, title: "Settings", page: model, status: status)
    }
}
