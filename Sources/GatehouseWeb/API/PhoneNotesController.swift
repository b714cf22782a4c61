import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `POST /api/v1/phone-notes`: a call the owner took, noted down so it is filed and judged like
/// any message (but the caller is not sent an acknowledgement: they have just spoken to the owner).
struct PhoneNotesController {
    let settings: IntakeSettings

    static let fields = ["name", "phone", "email", "text", "at"]

    func add(to group: RouterGroup<DeskContext>) {
        group.post("phone-notes") { request, context in
            let desk = try context.requireDesk()
            let now = desk.now
            let note = try await Self.read(request, context: context, now: now)
            let outcome = try await desk.intake(settings: settings).ingest(note, now: now)
            switch outcome.receipt {
            case .stored(let messageID):
                guard let filing = outcome.filing else {
                    throw APIError(.internalServerError, code: "internal", "the note was stored but could not be filed")
                }
                var json = JSONWriter()
                json.beginObject()
                json.key("conversation_id"); json.string(filing.conversationID)
                json.key("message_id"); json.string(messageID)
                json.key("quadrant"); json.string(filing.decision.quadrant.rawValue)
                json.key("reasons"); json.strings(filing.decision.reasons)
                json.key("status"); json.string("stored")
                json.key("urgent"); json.bool(filing.decision.urgent)
                json.endObject()
                return json.response(status: .created)
            case .duplicate(let original):
                // The same note sent twice (a retried request): point at the first.
                let conversationID = try await desk.conversationID(ofMessage: original)
                var json = JSONWriter()
                json.beginObject()
                json.key("conversation_id"); json.string(conversationID)
                json.key("message_id"); json.string(original)
                json.key("status"); json.string("duplicate")
                json.endObject()
                return json.response(status: .ok)
            case .quarantined(_, let reason):
                throw APIError(.unprocessableContent, code: "invalid", reason, field: "phone")
            }
        }
    }

    /// The note from the JSON body, every problem naming its field.
    static func read(_ request: Request, context: DeskContext, now: Instant) async throws -> PlainMessage {
        let body = try await JSONBody.read(request, limit: context.maxUploadSize)
        try body.allowOnly(fields)
        let text = try body.string("text", required: true)!.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw APIError(.unprocessableContent, code: "missing_field", "'text' must say what the call was about", field: "text")
        }
        let name = try body.string("name").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        let phone = try body.string("phone").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        let email = try body.string("email").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        guard phone != nil || email != nil else {
            throw APIError(.unprocessableContent, code: "missing_field",
                           "give the caller's 'phone' or 'email', so the note is filed with their customer", field: "phone")
        }
        if let phone, phone.filter(\.isNumber).count < 3 {
            throw APIError(.unprocessableContent, code: "invalid", "'phone' must be a phone number, not '\(phone)'", field: "phone")
        }
        if let email, !EmailAddress.isPlausible(email) {
            throw APIError(.unprocessableContent, code: "invalid", "'email' must be an email address like name@example.com, not '\(email)'",
                           field: "email")
        }
        var at = now
        if let given = try body.instant("at") {
            at = given
            guard at <= now + .minutes(5) else {
                throw APIError(.unprocessableContent, code: "invalid", "'at' is in the future; a note is written after the call",
                               field: "at")
            }
        }
        guard text.count <= 20_000 else {
            throw APIError(.unprocessableContent, code: "too_long", "'text' is longer than 20,000 characters", field: "text")
        }
        return PlainMessage(channel: .phone, senderName: name, email: email, phone: phone, text: text,
                            sentAt: at.secondsSince1970, acknowledge: false)
    }
}
