import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import Hummingbird

/// `/api/v1/mailboxes`: the owner's mailboxes read over IMAP, as Settings → Mailboxes has them —
/// connect one (after a connection test that says what failed; the password sealed and never
/// shown back), list how each folder stands, pause, resume or change what happens to read mail,
/// remove, and fetch now. Connecting with an OAuth token command is for the command line only.
struct MailboxesController {
    let key: ServerKey
    let settings: IntakeSettings

    static let connectFields = ["host", "port", "security", "username", "password", "folders", "allow_untrusted_certificate",
                                "import_since_days", "after_reading"]

    func add(to group: RouterGroup<DeskContext>) {
        group.get("mailboxes") { _, context in
            let states = try await context.requireDesk().mailboxes(key: key).list()
            var json = JSONWriter()
            json.beginObject()
            json.key("items")
            json.beginArray()
            for state in states { Self.write(state, to: &json) }
            json.endArray()
            json.endObject()
            return json.response(status: .ok)
        }
        group.post("mailboxes") { request, context in
            let caller = try context.requireCaller()
            try Self.requireOwner(caller)
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(Self.connectFields)
            let days = try body.integer("import_since_days")
            if let days, days < 1 || days > 36_500 {
                throw APIError(.unprocessableContent, code: "invalid",
                               "'import_since_days' must be from 1 to 36500 (leave it out for only new mail)", field: "import_since_days")
            }
            let draft = MailboxDraft(host: try body.string("host", required: true)!, port: try body.integer("port"),
                                     security: try body.string("security") ?? "tls", username: try body.string("username", required: true)!,
                                     password: try body.string("password", required: true)!,
                                     allowUntrustedCertificate: try body.bool("allow_untrusted_certificate") ?? false,
                                     folders: try body.strings("folders") ?? ["INBOX"],
                                     existingMail: days.map { .since(days: $0) } ?? .newOnly,
                                     afterReading: try Self.afterReading(body))
            let desk = try context.requireDesk()
            let addedID: String
            do {
                addedID = try await desk.mailboxes(key: key).connect(draft, actor: caller.actor).id
            } catch let error as IMAPError {
                throw APIError(.unprocessableContent, code: "connection_failed", "the connection test failed: \(error.message)")
            }
            guard let state = try await desk.mailboxes(key: key).list().first(where: { $0.mailbox.id == addedID }) else {
                throw APIError(.notFound, code: "not_found", "the mailbox was removed at once")
            }
            var json = JSONWriter()
            Self.write(state, to: &json)
            return json.response(status: .created)
        }
        group.patch("mailboxes/:id") { request, context in
            let caller = try context.requireCaller()
            try Self.requireOwner(caller)
            let id = try context.parameters.require("id")
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(["paused", "after_reading"])
            let mailboxes = try context.requireDesk().mailboxes(key: key)
            guard try await mailboxes.list().contains(where: { $0.mailbox.id == id }) else { throw Self.notFound(id) }
            if let paused = try body.bool("paused") { _ = try await mailboxes.setPaused(id, paused) }
            if body.has("after_reading") {
                do {
                    _ = try await mailboxes.setAfterReading(id, try Self.afterReading(body), actor: caller.actor)
                } catch let error as IMAPError {
                    throw APIError(.unprocessableContent, code: "connection_failed", "the folder could not be checked: \(error.message)",
                                   field: "after_reading")
                }
            }
            guard let state = try await mailboxes.list().first(where: { $0.mailbox.id == id }) else { throw Self.notFound(id) }
            var json = JSONWriter()
            Self.write(state, to: &json)
            return json.response(status: .ok)
        }
        group.delete("mailboxes/:id") { _, context in
            let caller = try context.requireCaller()
            try Self.requireOwner(caller)
            let id = try context.parameters.require("id")
            guard try await context.requireDesk().mailboxes(key: key).remove(id, actor: caller.actor) else { throw Self.notFound(id) }
            return Response(status: .noContent)
        }
        // Fetches one mailbox now, whatever its back-off, and says what each folder took in.
        group.post("mailboxes/:id/fetch") { _, context in
            _ = try context.requireCaller()
            let id = try context.parameters.require("id")
            let desk = try context.requireDesk()
            let mailboxes = desk.mailboxes(key: key)
            guard let mailbox = try await mailboxes.list().first(where: { $0.mailbox.id == id })?.mailbox else { throw Self.notFound(id) }
            guard let report = try await mailboxes.fetchClaimed(mailbox, intake: try desk.intake(settings: settings),
                                                                by: "api") else {
                throw APIError(.conflict, code: "busy", "the desk is reading this mailbox right now; its new mail is being taken in")
            }
            var json = JSONWriter()
            json.beginObject()
            json.key("error"); json.string(report.error)
            json.key("folders")
            json.beginArray()
            for folder in report.folders {
                json.beginObject()
                json.key("folder"); json.string(folder.folder)
                json.key("fetched"); json.integer(Int64(folder.fetched))
                json.key("stored"); json.integer(Int64(folder.stored))
                json.key("duplicates"); json.integer(Int64(folder.duplicates))
                json.key("quarantined"); json.integer(Int64(folder.quarantined))
                json.key("filed"); json.integer(Int64(folder.filed))
                json.key("answered"); json.integer(Int64(folder.answered))
                json.key("changed_on_server"); json.integer(Int64(folder.changedOnServer))
                json.key("set_aside"); json.integer(Int64(folder.setAside))
                json.key("highest_uid"); json.integer(Int64(folder.highWaterMark))
                json.key("not_read"); json.string(folder.notRead)
                json.key("error"); json.string(folder.error)
                json.endObject()
            }
            json.endArray()
            json.endObject()
            return json.response(status: .ok)
        }
    }

    static func notFound(_ id: String) -> APIError {
        APIError(.notFound, code: "not_found", "there is no mailbox \(id) in this workspace")
    }

    static func requireOwner(_ caller: Caller) throws {
        guard caller.role == .owner else {
            throw APIError(.forbidden, code: "forbidden", "only the workspace's owner can change its mailboxes")
        }
    }

    static func afterReading(_ body: JSONBody) throws -> AfterReading {
        switch AfterReading.parse(try body.string("after_reading") ?? "leave") {
        case .success(let action): return action
        case .failure(let problem): throw APIError(.unprocessableContent, code: "invalid", problem.message, field: "after_reading")
        }
    }

    static func write(_ state: MailboxState, to json: inout JSONWriter) {
        let mailbox = state.mailbox
        json.beginObject()
        json.key("id"); json.string(mailbox.id)
        json.key("host"); json.string(mailbox.host)
        json.key("port"); json.integer(Int64(mailbox.port))
        json.key("security"); json.string(mailbox.security)
        json.key("username"); json.string(mailbox.username)
        json.key("sign_in"); json.string(mailbox.signIn)
        json.key("folders"); json.strings(mailbox.folders)
        json.key("after_reading"); json.string(mailbox.afterReading.stored)
        json.key("paused"); json.bool(mailbox.paused)
        json.key("failures"); json.integer(Int64(mailbox.failures))
        json.key("last_error"); json.string(mailbox.lastError)
        json.key("last_fetch_at"); json.instant(mailbox.lastFetchAt)
        json.key("next_attempt_at"); json.instant(mailbox.nextAttemptAt)
        json.key("folder_states")
        json.beginArray()
        for folder in state.folders {
            json.beginObject()
            json.key("folder"); json.string(folder.folder)
            json.key("uid_validity"); if let validity = folder.uidValidity { json.integer(validity) } else { json.string(nil) }
            json.key("highest_uid"); json.integer(folder.highestUID)
            json.key("backlog"); json.integer(Int64(folder.backlog))
            json.key("last_fetch_at"); json.instant(folder.lastFetchAt)
            json.key("last_error"); json.string(folder.lastError)
            json.key("set_aside"); json.integer(Int64(state.messageFailures.filter { $0.folder == folder.folder && $0.quarantinedAt != nil }.count))
            json.endObject()
        }
        json.endArray()
        json.key("created_at"); json.instant(mailbox.createdAt)
        json.endObject()
    }
}
