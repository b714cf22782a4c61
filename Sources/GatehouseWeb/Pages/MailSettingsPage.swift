import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import Hummingbird

/// `/settings/email`: the owner sets how mail leaves (SMTP or sendmail) and sends a test email.
struct MailSettingsPage {
    let database: Database
    let clock: any DeskClock
    let pages: PageRenderer
    let key: ServerKey
    let outbox: OutboxService
    var owner: OwnerPages { OwnerPages(database: database, clock: clock, pages: pages) }

    func add(to router: RouterGroup<DeskContext>) {
        router.get("settings/email") { request, context in
            let signedIn = try context.requireCaller()
            return try await page(signedIn, saved: request.uri.queryParameters.get("saved") == "1")
        }
        router.post("settings/email") { request, context in
            let signedIn = try context.requireCaller()
            let fields = context.form
            guard signedIn.role == .owner else {
                return try await page(signedIn, problems: ["Only the workspace's owner can change these settings."], status: .forbidden)
            }
            let store = MailSettingsStore(database: database)
            let existing = try await store.get(workspaceID: signedIn.workspace.id)
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
                held = try await context.requireDesk().waitingMail.setSending(
                    try sending.stored(key: key, at: clock.now().secondsSince1970), actor: signedIn.userID, now: clock.now())
            } catch let problem as MailSettingsInput.Problem {
                return try await page(signedIn, problems: [Self.label(problem.field) + ": " + problem.message], input: input,
                                      status: .unprocessableContent)
            }
            outbox.nudge()
            // What waited for sending is shown to the owner before any of it leaves.
            let next = held > 0 ? "/outbox?review=1" : "/settings/email?saved=1"
            return Response(status: .seeOther, headers: [.location: next])
        }
        router.post("settings/email/test") { request, context in
            let signedIn = try context.requireCaller()
            let fields = context.form
            guard let stored = try await MailSettingsStore(database: database).get(workspaceID: signedIn.workspace.id) else {
                return try await page(signedIn, problems: ["Set up how mail is sent first."], status: .conflict)
            }
            let mail = OutboxSender.testMail(to: fields["to"], workspace: signedIn.workspace,
                                                policy: try signedIn.workspace.policy(), now: clock.now())
            if let problem = mail.problems.first {
                return try await page(signedIn, problems: ["Test email address: " + problem.message], status: .unprocessableContent)
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
            if let accepted { try await context.requireDesk().recordTestAccepted(actor: signedIn.userID, queueID: accepted) }
            return try await page(signedIn, test: result, testTo: fields["to"])
        }
    }


    static func label(_ field: String) -> String {
        ["host": "SMTP server", "port": "Port", "security": "Security", "username": "User name", "password": "Password",
         "sendmail_path": "sendmail command", "envelope_sender": "Envelope sender", "method": "Send mail through"][field] ?? field
    }

    private func page(_ signedIn: Caller, saved: Bool = false, problems: [String] = [], input: MailSettingsInput? = nil,
                      test: (text: String, ok: Bool)? = nil, testTo: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let stored = try await MailSettingsStore(database: database).get(workspaceID: signedIn.workspace.id)
        let policy = try? signedIn.workspace.policy()
        let method = input?.method ?? stored?.method.rawValue ?? "smtp"
        let security = input?.security ?? stored?.security ?? "starttls"
        return owner.render("mail-settings", signedIn, section: .settings, title: "Email settings", present([
            "canEdit": signedIn.role == .owner, "configured": stored != nil, "saved": saved,
            "problems": problems, "hasProblems": !problems.isEmpty,
            "isSMTP": method == "smtp", "isSendmail": method == "sendmail",
            "isStartTLS": security == "starttls", "isTLS": security == "tls", "isNone": security == "none",
            "host": input?.host ?? stored?.host ?? "", "port": (input?.port ?? stored?.port).map(String.init) ?? "",
            "username": input?.username ?? stored?.username ?? "", "passwordSet": stored?.passwordSealed != nil,
            "allowUntrusted": input?.allowUntrustedCertificate ?? stored?.allowUntrustedCertificate ?? false,
            "sendmailPath": input?.sendmailPath ?? stored?.sendmailPath ?? "/usr/sbin/sendmail",
            "envelopeSender": input?.envelopeSender ?? stored?.envelopeSender ?? "",
            "businessEmail": policy?.business.email ?? "the business address",
            "testResult": test?.text, "testClass": test?.ok == true ? "notice" : "problems",
            "testTo": testTo ?? signedIn.email,
        ]), status: status)
    }
}
