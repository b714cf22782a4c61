import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GatehouseCore
import GatehouseStore
import Logging

/// A push to the owner's phone about an urgent message, as queued: what the notification says
/// and the "I've got it" link it opens.
public struct AlertPush: Sendable, Equatable, Codable {
    public var title: String
    public var message: String
    /// The alert's page, where one tap acknowledges it.
    public var link: String
    /// How to reach the customer, shown in the notification.
    public var contact: String

    public init(title: String, message: String, link: String, contact: String) {
        self.title = title
        self.message = message
        self.link = link
        self.contact = contact
    }

    /// The task payload (JSON).
    public var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }

    /// The push a task carries, or nil when its payload is not one.
    public init?(task: QueuedTask) {
        guard task.kind == AlertPushes.kind,
              let decoded = try? JSONDecoder().decode(AlertPush.self, from: Data(task.payload.utf8)) else { return nil }
        self = decoded
    }

    /// The ntfy publish request (POST to the server's `/TOPIC`): the message as the body, the
    /// rest as headers — urgent priority, the alert page on tap, and an "I've got it" button that
    /// acknowledges without opening anything. A title that is not plain ASCII is written as an
    /// RFC 2047 encoded word, which ntfy reads.
    public func ntfyRequest(server: String, topic: String, token: String?) -> (url: URL?, headers: [String: String], body: Data) {
        let base = server.hasSuffix("/") ? String(server.dropLast()) : server
        let path = topic.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? topic
        var headers = [
            "Title": Self.headerText(title),
            "Priority": "urgent",
            "Tags": "rotating_light",
            "Click": link,
            "Content-Type": "text/plain; charset=utf-8",
            "User-Agent": "Gatehouse-Alert/1",
        ]
        if link.contains("/alerts/") { headers["Actions"] = "http, I've got it, \(link), method=POST, clear=true" }
        if let token, !token.isEmpty { headers["Authorization"] = "Bearer \(token)" }
        return (URL(string: base + "/" + path), headers, Data((message + "\n" + contact).utf8))
    }

    static func headerText(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        if flat.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) { return flat }
        return "=?UTF-8?B?" + Data(flat.utf8).base64EncodedString() + "?="
    }
}

/// Delivers queued pushes to the owner's phone through their ntfy server: with a time limit,
/// retried quickly at first (an alert that waits is worth little) and given up after a day,
/// each failure kept on the task for the owner to see.
public struct AlertPushSender: Sendable {
    let database: Database
    let key: ServerKey
    let transport: any WebhookTransport
    let owner: String
    let logger: Logger

    /// Pauses before the 2nd, 3rd, … attempt; after the last, the push has failed.
    public static let retryPauses: [TimeSpan] = [TimeSpan(seconds: 30), .minutes(1), .minutes(2), .minutes(5), .minutes(15),
                                                 .hours(1), .hours(6), .hours(12)]

    public init(database: Database, key: ServerKey, transport: any WebhookTransport = URLSessionWebhookTransport(),
                owner: String = "pushes-\(NewID.make().prefix(8))", logger: Logger = Logger(label: "gatehouse.alerts")) {
        self.database = database
        self.key = key
        self.transport = transport
        self.owner = owner
        self.logger = logger
    }

    /// What became of one push: delivered, to be retried at a time, or given up, with why.
    public enum Outcome: Sendable, Equatable {
        case delivered
        case retrying(at: Instant, reason: String)
        case failed(reason: String)
    }

    /// Makes every push that is due now (in every workspace); returns what became of each.
    @discardableResult
    public func deliverDue(now: @Sendable () -> Instant) async throws -> [Outcome] {
        let queue = TaskQueue(database: database)
        var outcomes: [Outcome] = []
        while true {
            let claimed = try await queue.claim(owner: owner, kinds: [AlertPushes.kind], limit: 10, lease: .minutes(2),
                                                now: now())
            if claimed.isEmpty { return outcomes }
            for task in claimed { outcomes.append(try await deliver(task, queue: queue, now: now)) }
        }
    }

    private func deliver(_ task: QueuedTask, queue: TaskQueue, now: @Sendable () -> Instant) async throws -> Outcome {
        guard let push = AlertPush(task: task), let workspaceID = task.workspaceID else {
            let reason = "the task does not describe a push"
            _ = try await queue.fail(task.id, owner: owner, reason: reason, retryAt: nil, now: now())
            return .failed(reason: reason)
        }
        let settings = try await Alerts(database: database, workspaceID: workspaceID).settings()
        guard let server = settings.ntfyServer, let topic = settings.ntfyTopic else {
            let reason = "pushes to a phone were switched off before this one could go"
            _ = try await queue.fail(task.id, owner: owner, reason: reason, retryAt: nil, now: now())
            return .failed(reason: reason)
        }
        let token = try settings.ntfyTokenSealed.map { try key.open($0) }
        let problem = await send(push, server: server, topic: topic, token: token)
        guard let problem else {
            _ = try await queue.complete(task.id, owner: owner, now: now())
            return .delivered
        }
        // `attempts` counts this one: the pause after the n-th attempt is retryPauses[n - 1].
        let retryAt = task.attempts <= Self.retryPauses.count ? now() + Self.retryPauses[task.attempts - 1] : nil
        _ = try await queue.fail(task.id, owner: owner, reason: problem, retryAt: retryAt, now: now())
        logger.warning("a push to the owner's phone failed", metadata: ["server": "\(server)", "reason": "\(problem)"])
        return retryAt.map { .retrying(at: $0, reason: problem) } ?? .failed(reason: problem)
    }

    /// Sends one push; returns nil when the server took it, else what went wrong (also for test pushes).
    public func send(_ push: AlertPush, server: String, topic: String, token: String?) async -> String? {
        let request = push.ntfyRequest(server: server, topic: topic, token: token)
        guard let url = request.url, url.scheme == "https" || url.scheme == "http" else {
            return "\(server) is not a web address"
        }
        do {
            let status = try await transport.post(url, body: request.body, headers: request.headers, timeout: 10)
            if (200..<300).contains(status) { return nil }
            if status == 401 || status == 403 { return "\(url.host ?? server) refused the push (HTTP \(status)): check the access token" }
            return "\(url.host ?? server) answered HTTP \(status)"
        } catch {
            return "no answer from \(url.host ?? server): \(WebhookSender.describe(error))"
        }
    }
}
