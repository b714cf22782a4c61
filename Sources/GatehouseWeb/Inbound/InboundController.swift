import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/inbound/email` and `/inbound/sms`: messages delivered by a mail server or relay and by an
/// SMS provider's webhook, with the workspace's ingest token. A message is stored durably before
/// the answer goes back; when the database cannot be reached the sender is told to retry (503).
struct InboundController {
    let desk: Desk

    /// The largest email taken in: the size most mail systems allow, with attachments.
    static let emailLimit = 25 * 1024 * 1024

    func add(to group: RouterGroup<DeskContext>) {
        group.post("email") { request, context in try await email(request, context) }
        group.post("sms") { request, context in try await sms(request, context) }
    }

    private func email(_ request: Request, _ context: DeskContext) async throws -> Response {
        let caller = try context.requireCaller()
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.emailLimit)
        } catch {
            throw APIError(.contentTooLarge, code: "too_large", "the message is larger than 25 MiB")
        }
        guard body.readableBytes > 0 else {
            throw APIError(.badRequest, code: "empty", "the request body is empty; send the message as it is (RFC 5322)")
        }
        let intake = try desk.intake(for: caller.workspace)
        let receipt = try await intake.ingestEmails([Data(buffer: body)], now: desk.clock.now()).receipts[0]
        return try JSONResponse.make(ReceiptJSON(receipt), status: .accepted)
    }

    private func sms(_ request: Request, _ context: DeskContext) async throws -> Response {
        let caller = try context.requireCaller()
        let fields = try await FormFields.read(request, limit: 64 * 1024)
        // With the provider's auth token set, only calls it signed are taken: the signature covers
        // the address it called (the desk's public address and this path and query) and every field.
        let base = desk.intake.publicBaseURL
        let url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + request.uri.string
        let check = try await desk.workspaceDesk(for: caller.workspace).smsSignatures(key: desk.serverKey)
            .check(url: url, fields: fields.allPairs, signature: request.headers[HTTPField.Name("X-Twilio-Signature")!])
        if check == .missing || check == .invalid {
            throw APIError(.forbidden, code: "bad_signature", check.reason)
        }
        guard !fields["From"].isEmpty else {
            throw APIError(.badRequest, code: "missing_field", "'From' is required: the sender's phone number", field: "From")
        }
        // An empty Body is a picture message without words: kept all the same.
        guard fields.has("Body") else {
            throw APIError(.badRequest, code: "missing_field", "'Body' is required: the text of the message", field: "Body")
        }
        let now = desk.clock.now()
        let sid = fields["MessageSid"]
        let message = PlainMessage(channel: .sms, phone: fields["From"], text: fields.raw("Body"),
                                   externalID: sid.isEmpty ? nil : sid, sentAt: now.secondsSince1970)
        let intake = try desk.intake(for: caller.workspace)
        let outcome = try await intake.ingest(message, now: now)
        return TwiML.reply(outcome.filing?.decision.acknowledgementText)
    }
}

/// What became of a delivered email, as JSON.
struct ReceiptJSON: Encodable {
    var status: String
    var messageID: String
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case status, reason
        case messageID = "message_id"
    }

    init(_ receipt: Receipt) {
        switch receipt {
        case .stored(let id): (status, messageID) = ("stored", id)
        case .duplicate(let id): (status, messageID) = ("duplicate", id)
        case .quarantined(let id, let reason): (status, messageID, self.reason) = ("quarantined", id, reason)
        }
    }
}

/// The answer to an SMS provider's webhook (Twilio's TwiML): the reply text, if any.
enum TwiML {
    static func reply(_ text: String?) -> Response {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + (text.map { "<Response><Message>\(escaped($0))</Message></Response>" } ?? "<Response/>")
        return Response(status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    /// Text safe inside an XML element.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\r\n", "\r", "\t": out.append(character)
            // Other control characters are not allowed in XML at all.
            case _ where character.unicodeScalars.allSatisfy({ $0.value < 0x20 }): continue
            default: out.append(character)
            }
        }
        return out
    }
}
