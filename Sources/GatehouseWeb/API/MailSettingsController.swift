import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import Hummingbird

/// `/api/v1/settings/mail`: how the workspace's mail leaves — an SMTP server (the password
/// stored sealed with the server's key and never shown back) or the local sendmail — and a
/// "send test email" action to check it.
struct MailSettingsController {
    let key: ServerKey
    let outbox: OutboxService

    static let fields = ["method", "host", "port", "security", "username", "password", "allow_untrusted_certificate",
                         "sendmail_path", "envelope_sender"]

    func add(to group: RouterGroup<DeskContext>) {
        group.get("settings/mail") { _, context in
            guard let stored = try await context.requireDesk().sendingSettings.current() else {
                throw APIError(.notFound, code: "not_found", "no way to send mail is set up yet for this workspace")
            }
            return Self.response(stored, status: .ok)
        }
        group.put("settings/mail") { request, context in
            let caller = try context.requireCaller()
            try Self.requireOwner(caller)
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(Self.fields)
            let desk = try context.requireDesk()
            let existing = try await desk.sendingSettings.current()
            let sending = try Self.read(body, existing: existing, key: key)
            let stored = try sending.stored(key: key, at: desk.now.secondsSince1970)
            // Switched on for the first time: what waited is held for the owner's review, never flushed.
            let held = try await desk.waitingMail.setSending(stored, actor: caller.actor, now: desk.now)
            outbox.nudge()
            return Self.response(stored, status: .ok, heldForReview: held)
        }
        group.delete("settings/mail") { _, context in
            let caller = try context.requireCaller()
            try Self.requireOwner(caller)
            guard try await context.requireDesk().sendingSettings.remove() else {
                throw APIError(.notFound, code: "not_found", "no way to send mail is set up yet for this workspace")
            }
            return Response(status: .noContent)
        }
        group.post("settings/mail/test") { request, context in
            let caller = try context.requireCaller()
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(["to"])
            let to = try body.string("to", required: true)!.trimmingCharacters(in: .whitespaces)
            guard let stored = try await context.requireDesk().sendingSettings.current() else {
                throw APIError(.conflict, code: "not_set_up", "set up how mail is sent first (PUT /api/v1/settings/mail)")
            }
            let sending: MailSending
            do {
                sending = try MailSending(stored: stored, key: key)
            } catch {
                throw APIError(.conflict, code: "unreadable", "\(error)")
            }
            let mail = OutboxSender.testMail(to: to, workspace: caller.workspace, policy: try caller.workspace.policy(),
                                                now: try context.requireDesk().now)
            if let problem = mail.problems.first {
                throw APIError(.unprocessableContent, code: "invalid", problem.message, field: "to")
            }
            let outcome = await OutboxSender.sendTest(mail, with: sending)
            if case .accepted(let reply) = outcome {
                try await context.requireDesk().recordTestAccepted(actor: caller.actor, queueID: reply.queueID)
            }
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

    /// The settings in the body, checked field by field.
    static func read(_ body: JSONBody, existing: StoredMailSettings?, key: ServerKey) throws -> MailSending {
        let input = MailSettingsInput(method: try body.string("method", required: true)!, host: try body.string("host"),
                                      port: try body.integer("port"), security: try body.string("security"),
                                      username: try body.string("username"), password: try body.string("password"),
                                      allowUntrustedCertificate: try body.bool("allow_untrusted_certificate") ?? false,
                                      sendmailPath: try body.string("sendmail_path"), envelopeSender: try body.string("envelope_sender"))
        do {
            return try input.sending(existing: existing, key: key)
        } catch {
            throw APIError(.unprocessableContent, code: error.field == "password" ? "missing_field" : "invalid", error.message,
                           field: error.field)
        }
    }

    static func response(_ stored: StoredMailSettings, status: HTTPResponse.Status, heldForReview: Int? = nil) -> Response {
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
        if let heldForReview { json.key("held_for_review"); json.integer(Int64(heldForReview)) }
        json.endObject()
        return json.response(status: status)
    }
}
