import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GatehouseCore
import GatehouseStore
import Logging
import ServiceLifecycle

/// What the owner's webhooks receive when a message is urgent by the policy.
public enum OwnerNotice {
    /// The `urgent` event as JSON: who wrote, about what, why it is urgent, and where to look.
    static func urgent(workspace: Workspace, business: String, reading: MessageReading, facts: FilingFacts,
                       text: String, reasons: [String], statusLink: String, now: Instant) -> String {
        var json = JSONWriter(capacity: 1024)
        json.beginObject()
        json.key("event"); json.string("urgent")
        json.key("workspace"); json.string(workspace.slug)
        json.key("business"); json.string(business)
        json.key("occurred_at"); json.instant(now.secondsSince1970)
        json.key("customer")
        json.beginObject()
        json.key("id"); json.string(facts.customerID.rawValue)
        json.key("name"); json.string(facts.customerName)
        json.key("contact"); json.string(reading.contactValue)
        json.endObject()
        json.key("conversation")
        json.beginObject()
        json.key("id"); json.string(facts.conversationID.rawValue)
        json.key("subject"); json.string(reading.subject)
        json.key("channel"); json.string(reading.channel)
        json.key("status_url"); json.string(statusLink)
        json.endObject()
        json.key("message")
        json.beginObject()
        json.key("id"); json.string(reading.messageID)
        json.key("excerpt"); json.string(excerpt(text))
        json.endObject()
        json.key("reasons"); json.strings(reasons)
        json.endObject()
        return json.text
    }

    /// The `test` event the owner sends to check a hook.
    public static func test(workspace: Workspace, now: Instant) -> String {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("event"); json.string("test")
        json.key("workspace"); json.string(workspace.slug)
        json.key("occurred_at"); json.instant(now.secondsSince1970)
        json.key("message"); json.string("This is a test from Gatehouse: urgent messages will arrive here.")
        json.endObject()
        return json.text
    }

    /// The first 280 characters of the message, on one line.
    static func excerpt(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.count <= 280 ? flat : String(flat.prefix(279)) + "…"
    }
}

/// How a webhook call is made. The desk uses `URLSessionWebhookTransport`.
public protocol WebhookTransport: Sendable {
    /// Posts `body` to `url` with `headers`; returns the HTTP status, or throws when there was no answer.
    func post(_ url: URL, body: Data, headers: [String: String], timeout: TimeInterval) async throws -> Int
}

/// Webhook calls over HTTP(S) with Foundation's URLSession.
public struct URLSessionWebhookTransport: WebhookTransport {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    public func post(_ url: URL, body: Data, headers: [String: String], timeout: TimeInterval) async throws -> Int {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (_, response) = try await session.upload(for: request, from: body)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        return http.statusCode
    }
}

/// What became of one webhook call.
public struct WebhookOutcome: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        /// The receiver answered 2xx.
        case delivered(status: Int)
        /// It will be tried again at this time.
        case retrying(at: Instant, reason: String)
        /// Given up, with why.
        case failed(reason: String)
    }

    public var taskID: String?
    public var webhookID: String
    public var result: Result
}

/// Delivers queued webhook calls: signed, with a time limit, retried with growing pauses
/// when the receiver is down, given up after a day. Any instance may run it; the task
/// queue's leases make sure each call is made by one of them at a time.
public struct WebhookSender: Sendable {
    let database: Database
    /// Opens the hooks' sealed secrets.
    let key: ServerKey
    let transport: any WebhookTransport
    let owner: String
    let logger: Logger

    /// Pauses before the 2nd, 3rd, … attempt; after the last, the delivery has failed.
    public static let retryPauses: [TimeSpan] = [.minutes(1), .minutes(5), .minutes(15), .hours(1), .hours(3), .hours(6),
                                                 .hours(12)]
    /// How long a receiver has to answer.
    public static let timeout: TimeInterval = 10

    public init(database: Database, key: ServerKey, transport: any WebhookTransport = URLSessionWebhookTransport(),
                owner: String = "webhooks-\(NewID.make().prefix(8))", logger: Logger = Logger(label: "gatehouse.webhooks")) {
        self.database = database
        self.key = key
        self.transport = transport
        self.owner = owner
        self.logger = logger
    }

    /// Makes every call that is due now (in every workspace); returns what became of each.
    @discardableResult
    public func deliverDue(now: @Sendable () -> Instant) async throws -> [WebhookOutcome] {
        let queue = TaskQueue(database: database)
        var outcomes: [WebhookOutcome] = []
        while true {
            let claimed = try await queue.claim(owner: owner, kinds: [WebhookDeliveries.kind], limit: 10,
                                                lease: .minutes(2), now: now())
            if claimed.isEmpty { return outcomes }
            for task in claimed {
                outcomes.append(try await deliver(task, queue: queue, now: now))
            }
        }
    }

    private func deliver(_ task: QueuedTask, queue: TaskQueue, now: @Sendable () -> Instant) async throws -> WebhookOutcome {
        guard let delivery = WebhookDelivery(task: task), let workspaceID = task.workspaceID else {
            let reason = "the task does not describe a webhook call"
            _ = try await queue.fail(task.id, owner: owner, reason: reason, retryAt: nil, now: now())
            return WebhookOutcome(taskID: task.id, webhookID: "", result: .failed(reason: reason))
        }
        guard let hook = try await Webhooks(database: database, workspaceID: workspaceID).get(delivery.webhookID) else {
            let reason = "the webhook was removed before it could be called"
            _ = try await queue.fail(task.id, owner: owner, reason: reason, retryAt: nil, now: now())
            return WebhookOutcome(taskID: task.id, webhookID: delivery.webhookID, result: .failed(reason: reason))
        }
        var outcome = await call(hook, body: delivery.body, deliveryID: task.id, now: now())
        outcome.taskID = task.id
        switch outcome.result {
        case .delivered:
            _ = try await queue.complete(task.id, owner: owner, now: now())
        case .retrying(_, let reason), .failed(let reason):
            // `attempts` counts this one: the pause after the n-th attempt is retryPauses[n - 1].
            let pause = task.attempts <= Self.retryPauses.count ? Self.retryPauses[task.attempts - 1] : nil
            let retryAt = pause.map { now() + $0 }
            _ = try await queue.fail(task.id, owner: owner, reason: reason, retryAt: retryAt, now: now())
            outcome.result = retryAt.map { .retrying(at: $0, reason: reason) } ?? .failed(reason: reason)
            logger.warning("webhook call failed", metadata: ["url": "\(hook.url)", "reason": "\(reason)",
                                                              "next": "\(retryAt.map { "\($0.secondsSince1970)" } ?? "none")"])
        }
        return outcome
    }

    /// Calls `hook` once with `body`, signed; does not touch the queue (also for test calls).
    public func call(_ hook: Webhook, body: String, deliveryID: String, now: Instant) async -> WebhookOutcome {
        guard let url = URL(string: hook.url) else {
            return WebhookOutcome(taskID: nil, webhookID: hook.id, result: .failed(reason: "\(hook.url) is not a web address"))
        }
        let secret: String
        do {
            secret = try hook.secret(key: key)
        } catch {
            return WebhookOutcome(taskID: nil, webhookID: hook.id, result: .failed(reason: "\(error)"))
        }
        let bytes = Data(body.utf8)
        let timestamp = String(now.secondsSince1970)
        let headers = [
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Gatehouse-Webhook/1",
            "Gatehouse-Delivery": deliveryID,
            "Gatehouse-Timestamp": timestamp,
            "Gatehouse-Signature": "sha256=" + Self.signature(secret: secret, timestamp: timestamp, body: bytes),
        ]
        do {
            let status = try await transport.post(url, body: bytes, headers: headers, timeout: Self.timeout)
            if (200..<300).contains(status) {
                return WebhookOutcome(taskID: nil, webhookID: hook.id, result: .delivered(status: status))
            }
            return WebhookOutcome(taskID: nil, webhookID: hook.id,
                                  result: .retrying(at: now, reason: "\(url.host ?? hook.url) answered HTTP \(status)"))
        } catch {
            return WebhookOutcome(taskID: nil, webhookID: hook.id,
                                  result: .retrying(at: now, reason: "no answer from \(url.host ?? hook.url): \(Self.describe(error))"))
        }
    }

    /// HMAC-SHA256 of "TIMESTAMP.BODY" with the hook's secret, in hex: what a receiver recomputes.
    public static func signature(secret: String, timestamp: String, body: Data) -> String {
        var message = Data(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return Hex.string(code)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? URLError {
            switch error.code {
            case .timedOut: return "it did not answer within \(Int(timeout)) seconds"
            case .cannotConnectToHost: return "the connection was refused"
            case .cannotFindHost: return "the host name is unknown"
            default: return error.localizedDescription
            }
        }
        return "\(error)"
    }
}

/// Runs in every instance of the desk: pushes alerts and calls webhooks as soon as intake queues
/// them (it is nudged), and every 15 seconds for retries and for calls another process queued.
public struct WebhookService: ServiceLifecycle.Service, Sendable {
    public let sender: WebhookSender
    let loop: DeliveryLoop

    /// Also pushes alerts to the owner's phone with `pushes`: both are the owner hearing at once.
    public init(sender: WebhookSender, pushes: AlertPushSender? = nil, escalation: AlertEscalation? = nil, clock: any DeskClock,
                period: Duration = .seconds(15)) {
        self.sender = sender
        loop = DeliveryLoop(period: period) {
            do {
                try await escalation?.runDue(now: { clock.now() })
                try await pushes?.deliverDue(now: { clock.now() })
            } catch {
                sender.logger.warning("pushes to the owner's phone failed this round", metadata: ["error": "\(error)"])
            }
            do {
                try await sender.deliverDue(now: { clock.now() })
            } catch {
                sender.logger.warning("webhook calls failed this round", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Asks for due calls to be made now.
    public func nudge() { loop.nudge() }

    public func run() async throws { try await loop.run() }
}
