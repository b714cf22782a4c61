import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import Hummingbird

/// `/settings/mailboxes`: the owner connects a mailbox (tested first: the page says plainly what
/// failed — wrong password, TLS refused, no such folder), sees how each folder stands (high-water
/// mark, last read, last error) and pauses or resumes fetching. Staff see it; owners change it.
/// The use case is `ConnectedMailboxes` (Desk).
struct MailboxesPage {
    let owner: OwnerPages
    let key: ServerKey

    func add(to router: RouterGroup<DeskContext>) {
        router.get("settings/mailboxes") { request, context in
            try await page(try context.requireCaller(), try context.requireDesk(), added: request.uri.queryParameters.get("added") == "1")
        }
        router.post("settings/mailboxes") { _, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            guard signedIn.role == .owner else {
                return try await page(signedIn, desk, problem: "Only the workspace's owner can connect a mailbox.", status: .forbidden)
            }
            let fields = context.form
            let port = fields["port"].isEmpty ? nil : Int(fields["port"])
            let folders = fields["folders"].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let after = Self.afterReading(fields["after_reading"], moveTo: fields["move_to"])
            let draft = MailboxDraft(host: fields["host"], port: port, security: fields["security"].isEmpty ? "tls" : fields["security"],
                                     username: fields["user"], password: fields.raw("password"),
                                     allowUntrustedCertificate: fields["allow_untrusted_certificate"] == "yes",
                                     folders: folders.isEmpty ? ["INBOX"] : folders,
                                     existingMail: Int(fields["import_days"]).map { .since(days: $0) } ?? .newOnly,
                                     afterReading: (try? after.get()) ?? .leave)
            if case .failure(let problem) = after {
                return try await page(signedIn, desk, problem: "After reading: \(problem.message).", input: draft, status: .unprocessableContent)
            }
            if !fields["import_days"].isEmpty, (Int(fields["import_days"]) ?? 0) < 1 {
                return try await page(signedIn, desk, problem: "Mail already in the mailbox: '\(fields["import_days"])' is not a number of days.",
                                      input: draft, status: .unprocessableContent)
            }
            if !fields["port"].isEmpty, port == nil {
                return try await page(signedIn, desk, problem: "Port: '\(fields["port"])' is not a number.", input: draft,
                                      status: .unprocessableContent)
            }
            do {
                _ = try await desk.mailboxes(key: key).connect(draft, actor: signedIn.userID)
            } catch let error as IMAPError {
                return try await page(signedIn, desk, problem: "The connection test failed: \(error.message).", input: draft,
                                      status: .unprocessableContent)
            } catch let problem as StoreError where problem.field == "folders" {
                return try await page(signedIn, desk, problem: problem.detail, input: draft, status: .unprocessableContent)
            } catch let problem as any DeskProblem {
                return try await page(signedIn, desk, problem: problem.sentence, input: draft, status: .unprocessableContent)
            }
            return Response(status: .seeOther, headers: [.location: "/settings/mailboxes?added=1"])
        }
        router.post("settings/mailboxes/{id}/after-reading") { _, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            guard signedIn.role == .owner else {
                return try await page(signedIn, desk, problem: "Only the workspace's owner can change what happens to read mail.", status: .forbidden)
            }
            let after: AfterReading
            switch Self.afterReading(context.form["after_reading"], moveTo: context.form["move_to"]) {
            case .success(let parsed): after = parsed
            case .failure(let problem):
                return try await page(signedIn, desk, problem: "After reading: \(problem.message).", status: .unprocessableContent)
            }
            do {
                guard try await desk.mailboxes(key: key).setAfterReading(context.parameters.get("id") ?? "", after, actor: signedIn.userID) else {
                    return try await page(signedIn, desk, problem: "There is no such mailbox in this workspace.", status: .notFound)
                }
            } catch let error as IMAPError {
                return try await page(signedIn, desk, problem: "The folder could not be checked: \(error.message).", status: .unprocessableContent)
            } catch let problem as StoreError where problem.field == "move_to" {
                return try await page(signedIn, desk, problem: problem.detail, status: .unprocessableContent)
            } catch let problem as any DeskProblem {
                return try await page(signedIn, desk, problem: problem.sentence, status: .unprocessableContent)
            }
            return Response(status: .seeOther, headers: [.location: "/settings/mailboxes"])
        }
        router.post("settings/mailboxes/{id}/pause") { _, context in try await setPaused(context, true) }
        router.post("settings/mailboxes/{id}/resume") { _, context in try await setPaused(context, false) }
        router.post("settings/mailboxes/{id}/remove") { _, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            guard signedIn.role == .owner else {
                return try await page(signedIn, desk, problem: "Only the workspace's owner can remove a mailbox.", status: .forbidden)
            }
            guard try await desk.mailboxes(key: key).remove(context.parameters.get("id") ?? "", actor: signedIn.userID) else {
                return try await page(signedIn, desk, problem: "There is no such mailbox in this workspace.", status: .notFound)
            }
            return Response(status: .seeOther, headers: [.location: "/settings/mailboxes"])
        }
    }

    private func setPaused(_ context: DeskContext, _ paused: Bool) async throws -> Response {
        let signedIn = try context.requireCaller()
        let desk = try context.requireDesk()
        guard signedIn.role == .owner else {
            return try await page(signedIn, desk, problem: "Only the workspace's owner can pause a mailbox.", status: .forbidden)
        }
        let id = context.parameters.get("id") ?? ""
        guard try await desk.mailboxes(key: key).setPaused(id, paused) else {
            return try await page(signedIn, desk, problem: "There is no such mailbox in this workspace.", status: .notFound)
        }
        return Response(status: .seeOther, headers: [.location: "/settings/mailboxes"])
    }

    /// The form's choice: `leave`, `mark-read`, or `move` with the folder typed beside it.
    static func afterReading(_ choice: String, moveTo: String) -> Result<AfterReading, MailboxSettingProblem> {
        AfterReading.parse(choice == "move" ? "move:\(moveTo)" : choice)
    }

    private func page(_ signedIn: Caller, _ desk: WorkspaceDesk, added: Bool = false, problem: String? = nil,
                      input: MailboxDraft? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let states = try await desk.mailboxes(key: key).list()
        let model = Self.model(states, canEdit: signedIn.role == .owner, added: added, problem: problem, input: input,
                               calendar: try? signedIn.workspace.businessCalendar(), now: owner.clock.now())
        return owner.render("mailboxes", signedIn, section: .settings, title: "Mailboxes", page: model, status: status)
    }
}
