import Foundation
import GatehouseCore
import GatehouseStore

/// Where the owner is alerted about urgent matters: an email address of their own (their phone's
/// mail, never the business inbox customers write to) and a push to their phone through an ntfy
/// server (the public ntfy.sh or their own), with an optional access token kept sealed.
public struct AlertDestinations: Sendable {
    let database: Database
    let workspace: Workspace
    let key: ServerKey
    let pushes: AlertPushSender

    public init(database: Database, workspace: Workspace, key: ServerKey, pushes: AlertPushSender) {
        self.database = database
        self.workspace = workspace
        self.key = key
        self.pushes = pushes
    }

    /// The destinations as the owner sees them: the token only as "set" or not.
    public struct Answers: Sendable, Equatable {
        public var email: String
        public var ntfyServer: String
        public var ntfyTopic: String
        public var hasToken: Bool
        /// Who hears next when nobody acknowledges, one email address a line, in order.
        public var onCall: String

        public init(email: String = "", ntfyServer: String = "", ntfyTopic: String = "", hasToken: Bool = false,
                    onCall: String = "") {
            self.onCall = onCall
            self.email = email
            self.ntfyServer = ntfyServer
            self.ntfyTopic = ntfyTopic
            self.hasToken = hasToken
        }
    }

    /// A problem with one of the answers.
    public struct Problem: DeskProblem, Equatable {
        public var kind: ProblemKind { .invalid }
        public var field: String?
        public var detail: String
    }

    var alerts: Alerts { Alerts(database: database, workspaceID: workspace.id) }

    public func current() async throws -> Answers {
        let stored = try await alerts.settings()
        return Answers(email: stored.email ?? "", ntfyServer: stored.ntfyServer ?? "", ntfyTopic: stored.ntfyTopic ?? "",
                       hasToken: stored.ntfyTokenSealed != nil, onCall: stored.onCall.joined(separator: "\n"))
    }

    /// Checks and keeps the answers. `token` nil keeps the token as it is; empty removes it.
    public func save(_ answers: Answers, token: String?, actor: String, now: Instant) async throws {
        let checked = try Self.check(answers, businessEmail: try? workspace.policy().business.email)
        var stored = checked
        let existing = try await alerts.settings()
        switch token.map({ $0.trimmingCharacters(in: .whitespaces) }) {
        case nil: stored.ntfyTokenSealed = checked.pushes ? existing.ntfyTokenSealed : nil
        case ""?: stored.ntfyTokenSealed = nil
        case let typed?: stored.ntfyTokenSealed = checked.pushes ? try key.seal(typed) : nil
        }
        try await alerts.saveSettings(stored, actor: actor, now: now)
    }

    /// The answers as they are kept, or the first problem with them. Pure.
    public static func check(_ answers: Answers, businessEmail: String?) throws(Problem) -> StoredAlertSettings {
        let email = answers.email.trimmingCharacters(in: .whitespaces)
        if !email.isEmpty {
            guard EmailAddress.isPlausible(email) else {
                throw Problem(field: "email", detail: "'\(email)' is not an email address")
            }
            if let businessEmail, email.lowercased() == businessEmail.lowercased() {
                throw Problem(field: "email", detail: "\(email) is the inbox customers write to, where an alert would sit among "
                              + "their messages; give an address of your own, such as the one your phone's mail shows first")
            }
        }
        let server = answers.ntfyServer.trimmingCharacters(in: .whitespaces)
        let topic = answers.ntfyTopic.trimmingCharacters(in: .whitespaces)
        if !server.isEmpty || !topic.isEmpty {
            guard let url = URL(string: server), url.scheme == "https" || url.scheme == "http", url.host?.isEmpty == false,
                  url.query == nil else {
                throw Problem(field: "ntfy_server", detail: "'\(server)' is not a web address; for the public server write https://ntfy.sh")
            }
            guard !topic.isEmpty, topic.count <= 64,
                  topic.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil))
                      || $0 == "-" || $0 == "_" }) else {
                throw Problem(field: "ntfy_topic", detail: "a topic is up to 64 letters, digits, - and _, such as "
                              + "gatehouse-alerts-7k2q9x; on a public server make it hard to guess, since anyone who knows it can read it")
            }
        }
        var onCall: [String] = []
        for line in answers.onCall.split(whereSeparator: \.isNewline) {
            let address = line.trimmingCharacters(in: .whitespaces)
            guard !address.isEmpty else { continue }
            guard EmailAddress.isPlausible(address) else {
                throw Problem(field: "on_call", detail: "'\(address)' is not an email address; give one address a line")
            }
            if !onCall.contains(where: { $0.lowercased() == address.lowercased() }) { onCall.append(address) }
        }
        return StoredAlertSettings(email: email.isEmpty ? nil : email, ntfyServer: server.isEmpty ? nil : server,
                                   ntfyTopic: topic.isEmpty ? nil : topic, onCall: onCall)
    }

    /// Sends a test push with the stored settings; nil when the server took it, else what went wrong.
    public func sendTestPush(publicBaseURL: String) async throws -> String? {
        let stored = try await alerts.settings()
        guard let server = stored.ntfyServer, let topic = stored.ntfyTopic else {
            return "no push is set up yet: give the server and the topic, and save"
        }
        let token = try stored.ntfyTokenSealed.map { try key.open($0) }
        let push = AlertPush(title: "Test from Gatehouse", message: "Urgent messages for \(workspace.name) will arrive like this.",
                             link: publicBaseURL + "/inbox", contact: "")
        return await pushes.send(push, server: server, topic: topic, token: token)
    }

    /// A topic name that is hard to guess, to suggest.
    public static func suggestedTopic() -> String { "gatehouse-" + StatusToken.make().prefix(16) }
}
