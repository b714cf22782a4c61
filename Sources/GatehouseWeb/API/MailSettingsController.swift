import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import Hummingbird

/// `/api/v1/settings/mail`: how the workspace's mail leaves — an SMTP server (the password
/// stored sealed with the server's key and never shown back) or the local sendmail — and a
/// "send test email" action to check it.
struct MailSettingsController {
    let database: Database
    let clock: any DeskClock
    let key: ServerKey
    let outbox: OutboxService

    static let fields = ["method", "host", "port", "security", "username", "password", "allow_untrusted_certificate",
                         "sendmail_path", "envelope_sender"]

    func add(to group: RouterGroup<DeskContext>) {
        group.get("settings/mail") { _, context in
            let caller = try context.requireCaller()
            guard let stored = try await MailSettingsStore(database: database).get(workspaceID: caller.workspace.id) else {
                throw APIError(.notFound, code: "not_found", "no way to send mail is set up yet for this workspace")
            }
            return Self.response(stored, status: .ok)
        }
        group.put("settings/mail") { request, context in
            let caller = try context.requireCaller()
            try Self.requireOwner(caller)
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(Self.fields)
            let store = MailSettingsStore(database: database)
            let existing = try await store.get(workspaceID: caller.workspace.id)
            let sending = try Self.read(body, existing: existing, key: key)
            let stored = try sending.stored(key: key, at: clock.now().secondsSince1970)
            try await store.put(stored, workspaceID: caller.workspace.id, actor: caller.actor, now: clock.now())
            // Mail that waited for a way to be sent can go now.
            outbox.nudge()
            return Self.response(stored, status: .ok)
        }
        group.delete("settings/mail") { _, context in
            let caller = try context.requireCaller()
            try Self.requireOwner(caller)
            guard try await MailSettingsStore(database: database).delete(workspaceID: caller.workspace.id) else {
                throw APIError(.notFound, code: "not_found", "no way to send mail is set up yet for this workspace")
            }
            return Response(status: .noContent)
        }
        group.post("settings/mail/test") { request, context in
            let caller = try context.requireCaller()
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(["to"])
            let to = try body.string("to", required: true)!.trimmingCharacters(in: .whitespaces)
            guard let stored = try await MailSettingsStore(database: database).get(workspaceID: caller.workspace.id) else {
                throw APIError(.conflict, code: "not_set_up", "set up how mail is sent first (PUT /api/v1/settings/mail)")
            }
            let sending: MailSending
            do {
                sending = try MailSending(stored: stored, key: key)
            } catch {
                throw APIError(.conflict, code: "unreadable", "\(error)")
            }
            let policy = try caller.workspace.policy()
            let now = clock.now()
            let domain = policy.business.email.flatMap { $0.split(separator: "@").last.map(String.init) } ?? "gatehouse.invalid"
            let mail = OutgoingMail(from: .init(name: policy.business.name, address: policy.business.email ?? "desk@\(domain)"),
                                    to: [.init(address: to)], subject: "Gatehouse test email",
                                    text: "This is a test from Gatehouse. If you can read it, email from \(policy.business.name) "
                                        + "will reach your customers this way.\n",
                                    messageID: OutgoingMail.makeMessageID(domain: domain), isAutomatic: true,
                                    date: now.secondsSince1970)
            if let problem = mail.problems.first {
                throw APIError(.unprocessableContent, code: "invalid", problem.message, field: "to")
            }
            let outcome = await OutboxSender.sendTest(mail, with: sending)
            var json = JSONWriter()
            json.beginObject()
            switch outcome {
            case .accepted(let reply):
                json.key("delivered"); json.bool(true)
                json.key("queue_id"); json.string(reply.queueID)
            case .deferred(let reason), .rejected(let reason), .uncertain(let reason):
                json.key("delivered"); json.bool(false)
                json.key("error"); json.string(reason)
            }
            json.endObject()
            return json.response(status: .ok)
        }
    }

    static func requireOwner(_ caller: Caller) throws {
        guard caller.role == .owner else {
            throw APIError(.forbidden, code: "forbidden", "only the workspace's owner can change how mail is sent")
        }
    }

    /// The settings in the body, checked field by field; a password left out keeps the stored one
    /// (it is never shown, so an edit cannot send it back).
    static func read(_ body: JSONBody, existing: StoredMailSettings?, key: ServerKey) throws -> MailSending {
        let methodName = try body.string("method", required: true)!
        let envelope = try body.string("envelope_sender").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let envelope, OutboxSender.addressProblem(envelope) != nil {
            throw APIError(.unprocessableContent, code: "invalid", "'\(envelope)' is not an email address", field: "envelope_sender")
        }
        switch methodName {
        case "sendmail":
            let path = try body.string("sendmail_path") ?? "/usr/sbin/sendmail"
            guard path.hasPrefix("/"), !path.contains(where: { $0.isNewline }) else {
                throw APIError(.unprocessableContent, code: "invalid", "the sendmail path must be an absolute path", field: "sendmail_path")
            }
            return MailSending(method: .sendmail(path: path), envelopeSender: envelope)
        case "smtp":
            let securityName = try body.string("security") ?? "starttls"
            guard let security = SMTPServerSettings.Security(rawValue: securityName) else {
                throw APIError(.unprocessableContent, code: "invalid",
                               "'security' must be starttls, tls or none, not '\(securityName)'", field: "security")
            }
            let host = try body.string("host", required: true)!.trimmingCharacters(in: .whitespaces)
            let port = try body.integer("port") ?? SMTPServerSettings.defaultPort(for: security)
            var username = try body.string("username").flatMap { $0.isEmpty ? nil : $0 }
            var password = try body.string("password").flatMap { $0.isEmpty ? nil : $0 }
            if username != nil, password == nil, let existing, existing.username == username, let sealed = existing.passwordSealed {
                password = try? key.open(sealed)
            }
            if username == nil { password = nil }
            if username != nil, password == nil {
                throw APIError(.unprocessableContent, code: "missing_field", "a password is needed with the user name", field: "password")
            }
            username = username?.trimmingCharacters(in: .whitespaces)
            let settings = SMTPServerSettings(host: host, port: port, security: security, username: username, password: password,
                                              allowUntrustedCertificate: try body.bool("allow_untrusted_certificate") ?? false)
            if let problem = settings.problems().first {
                throw APIError(.unprocessableContent, code: "invalid", problem.message, field: problem.field)
            }
            return MailSending(method: .smtp(settings), envelopeSender: envelope)
        default:
            throw APIError(.unprocessableContent, code: "invalid", "'method' must be smtp or sendmail, not '\(methodName)'",
                           field: "method")
        }
    }

    static func response(_ stored: StoredMailSettings, status: HTTPResponse.Status) -> Response {
        var json = JSONWriter()
        json.beginObject()
        json.key("method"); json.string(stored.method.rawValue)
        json.key("host"); json.string(stored.host)
        json.key("port")
        if let port = stored.port { json.integer(Int64(port)) } else { json.raw(Array("null".utf8)) }
        json.key("security"); json.string(stored.security)
        json.key("username"); json.string(stored.username)
        json.key("password_set"); json.bool(stored.passwordSealed != nil)
        json.key("allow_untrusted_certificate"); json.bool(stored.allowUntrustedCertificate)
        json.key("sendmail_path"); json.string(stored.sendmailPath)
        json.key("envelope_sender"); json.string(stored.envelopeSender)
        json.key("updated_at"); json.instant(stored.updatedAt)
        json.endObject()
        return json.response(status: status)
    }
}
