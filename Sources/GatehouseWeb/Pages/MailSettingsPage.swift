import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import Hummingbird

/// `/settings/email`: the owner sets how mail leaves (SMTP or sendmail) and sends a test email.
struct MailSettingsPage {
    let owner: OwnerPages
    let key: ServerKey
    let outbox: OutboxService

    func add(to router: RouterGroup<DeskContext>) {
        router.get("settings/email") { request, context in
            let signedIn = try context.requireCaller()
            return try await page(signedIn, context.requireDesk(), saved: request.uri.queryParameters.get("saved") == "1")
        }
        router.post("settings/email") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let fields = context.form
            guard signedIn.role == .owner else {
                return try await page(signedIn, desk, problems: ["Only the workspace's owner can change these settings."], status: .forbidden)
            }
            let existing = try await desk.sendingSettings.current()
            var problems: [String] = []
            var held = 0
            let port = fields["port"].isEmpty ? nil : Int(fields["port"])
            if !fields["port"].isEmpty, port == nil { problems.append("Port: '\(fields["port"])' is not a number.") }
            let input = MailSettingsInput(method: fields["method"], host: fields["host"], port: port, security: fields["security"],
                                          username: fields["username"], password: fields.raw("password"),
                                          allowUntrustedCertificate: fields["allow_untrusted_certificate"] == "yes",
                                          sendmailPath: fields["sendmail_path"], envelopeSender: fields["envelope_sender"])
            do {
                let sending = try input.sending(existing: existing, key: key)
                guard problems.isEmpty else { throw MailSettingsInput.Problem(field: "port", message: problems[0]) }
                held = try await desk.waitingMail.setSending(
                    try sending.stored(key: key, at: desk.now.secondsSince1970), actor: signedIn.userID, now: desk.now)
            } catch let problem as MailSettingsInput.Problem {
                return try await page(signedIn, desk, problems: [Self.label(problem.field) + ": " + problem.message], input: input,
                                      status: .unprocessableContent)
            }
            outbox.nudge()
            // What waited for sending is shown to the owner before any of it leaves.
            let next = held > 0 ? "/outbox?review=1" : "/settings/email?saved=1"
            return Response(status: .seeOther, headers: [.location: next])
        }
        router.post("settings/email/test") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let fields = context.form
            guard let stored = try await desk.sendingSettings.current() else {
                return try await page(signedIn, desk, problems: ["Set up how mail is sent first."], status: .conflict)
            }
            let mail = OutboxSender.testMail(to: fields["to"], workspace: signedIn.workspace,
                                                policy: try signedIn.workspace.policy(), now: desk.now)
            if let problem = mail.problems.first {
                return try await page(signedIn, desk, problems: ["Test email address: " + problem.message], status: .unprocessableContent)
            }
            let result: (text: String, ok: Bool)
            var accepted: String?
            do {
                switch await OutboxSender.sendTest(mail, with: try MailSending(stored: stored, key: key)) {
                case .accepted(let reply):
                    result = ("The test email was accepted by the mail server (\(reply.queueID)).", true)
                    accepted = reply.queueID
                case .deferred(let why), .rejected(let why), .uncertain(let why): result = ("The test email was not sent: \(why)", false)
                }
            } catch {
                result = ("The test email was not sent: \(error)", false)
            }
            if let accepted { try await desk.recordTestAccepted(actor: signedIn.userID, queueID: accepted) }
            return try await page(signedIn, desk, test: result, testTo: fields["to"])
        }
    }


    static func label(_ field: String) -> String {
        ["host": "SMTP server", "port": "Port", "security": "Security", "username": "User name", "password": "Password",
         "sendmail_path": "sendmail command", "envelope_sender": "Envelope sender", "method": "Send mail through"][field] ?? field
    }

    private func page(_ signedIn: Caller, _ desk: WorkspaceDesk, saved: Bool = false, problems: [String] = [],
                      input: MailSettingsInput? = nil, test: (text: String, ok: Bool)? = nil, testTo: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let model = Self.model(stored: try await desk.sendingSettings.current(), input: input, canEdit: signedIn.role == .owner,
                               saved: saved, problems: problems, businessEmail: (try? desk.policy())?.business.email,
                               test: test, testTo: testTo ?? signedIn.email)
        return owner.render("mail-settings", signedIn, section: .settings, title: "Email settings", page: model, status: status)
    }
}
