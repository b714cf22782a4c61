import Foundation
import GatehouseCore
import SQLKit

/// A message as it arrived, before anything is made of it.
public struct Arrival: Sendable, Equatable {
    /// The bytes exactly as delivered.
    public var raw: Data
    /// `email`, `sms`, `web_form`, `phone`.
    public var channel: String
    /// The sender's Message-ID, when it has one: a second delivery with the same id is the same message.
    public var headerMessageID: String?
    /// SHA-256 of the raw bytes (hex): a second delivery of the same bytes is the same message.
    public var contentHash: String
    /// Who sent it, as far as could be told cheaply (for the quarantine list).
    public var sender: String?
    public var subject: String?
    /// Why it cannot be read at all, when it cannot: it is kept, in quarantine, never filed.
    public var quarantineReason: String?
    /// For an email, what makes it the same message whichever way it came (its Message-ID,
    /// sender, date, subject and body; not the lines servers add on the way): a second delivery
    /// has the same key, a message that merely reuses a Message-ID has another one.
    public var deliveryKey: String?
    /// When it arrived, when that was not `now` of the batch storing it (a replay of traffic).
    public var receivedAt: Instant?

    public init(raw: Data, channel: String, headerMessageID: String?, contentHash: String, sender: String?, subject: String?) {
        self.raw = raw
        self.channel = channel
        self.headerMessageID = headerMessageID
        self.contentHash = contentHash
        self.sender = sender
        self.subject = subject
    }
}


/// The door every inbound message comes through. A message is committed here,
/// raw and durably, before anything else is done with it; filing it (customer,
/// conversation, triage, acknowledgement) happens afterwards and can be resumed.
public struct Inbox: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Stores every arrival of the batch (at most 1,000) in one transaction and says, for each,
    /// whether it was new or a second delivery. When this returns, the new ones are on disk.
    /// A second delivery has the same bytes, or a known Message-ID and the same delivery key: a
    /// message that only reuses a Message-ID (forged, or a careless sender's) is a new message,
    /// whichever came first. A text message or form has no delivery key: its id (the provider's)
    /// decides. Messages stored before delivery keys existed have none either; a known Message-ID
    /// among them is taken as the same message unless `byMessageIDAlone` is false (a mailbox read
    /// over IMAP, which relies on the bytes).
    public func receive(_ arrivals: [Arrival], now: Instant, byMessageIDAlone: Bool = true) async throws -> [Receipt] {
        guard !arrivals.isEmpty else { return [] }
        let workspaceID = self.workspaceID
        let at = now.secondsSince1970
        return try await database.write { sql in
            // What is already here, for the whole batch in one query.
            // Per Message-ID, the inbound messages that have it, with their delivery keys.
            var knownIDs: [String: [(id: String, key: String?)]] = [:]
            var knownHashes: [String: String] = [:]
            let headerIDs = Array(Set(arrivals.compactMap(\.headerMessageID)))
            let hashes = Array(Set(arrivals.map(\.contentHash)))
            struct Known: Decodable {
                var id: String
                var header_message_id: String?
                var content_hash: String
                var direction: String
                var delivery_key: String?
            }
            let columns = ["id", "header_message_id", "content_hash", "direction", "delivery_key"]
            // Two queries, each on its own index (an OR of the two would scan the workspace's messages).
            var known = try await sql.select().columns(columns)
                .from("messages")
                .where("workspace_id", .equal, workspaceID).where("content_hash", .in, hashes)
                .all(decoding: Known.self)
            if !headerIDs.isEmpty {
                known += try await sql.select().columns(columns)
                    .from("messages")
                    .where("workspace_id", .equal, workspaceID).where("header_message_id", .in, headerIDs)
                    .all(decoding: Known.self)
            }
            for row in known {
                if row.direction == "inbound", let header = row.header_message_id,
                   !(knownIDs[header] ?? []).contains(where: { $0.id == row.id }) {
                    knownIDs[header, default: []].append((row.id, row.delivery_key))
                }
                knownHashes[row.content_hash] = row.id
            }
            /// The earlier delivery of this arrival by its Message-ID, if there was one.
            func sameMessage(_ arrival: Arrival) -> String? {
                guard let header = arrival.headerMessageID, let earlier = knownIDs[header] else { return nil }
                guard let key = arrival.deliveryKey else { return earlier.first?.id }
                if let same = earlier.first(where: { $0.key == key }) { return same.id }
                return byMessageIDAlone ? earlier.first(where: { $0.key == nil })?.id : nil
            }
            var keys: [String: String] = [:]
            var problems: [String: String] = [:]
            var receipts: [Receipt] = []
            receipts.reserveCapacity(arrivals.count)
            var stored: [StoredMessage] = []
            for arrival in arrivals {
                // A second delivery: the same message by its Message-ID, or the same bytes (also within the batch itself).
                if let earlier = sameMessage(arrival) {
                    receipts.append(.duplicate(of: earlier)); continue
                }
                if let earlier = knownHashes[arrival.contentHash] {
                    receipts.append(.duplicate(of: earlier)); continue
                }
                let id = NewID.make()
                // Another message already has this Message-ID: kept as a message of its own, and the owner told.
                if let header = arrival.headerMessageID, !(knownIDs[header] ?? []).isEmpty {
                    problems[id] = Self.reusedMessageID(header)
                }
                stored.append(StoredMessage(id: id, workspaceID: workspaceID, conversationID: nil, direction: .inbound,
                                            channel: arrival.channel, headerMessageID: arrival.headerMessageID,
                                            contentHash: arrival.contentHash, raw: arrival.raw, sender: arrival.sender,
                                            subject: arrival.subject, textBody: nil, receivedAt: arrival.receivedAt ?? Instant(secondsSince1970: at),
                                            quarantineReason: arrival.quarantineReason))
                if let header = arrival.headerMessageID { knownIDs[header, default: []].append((id, arrival.deliveryKey)) }
                if let key = arrival.deliveryKey { keys[id] = key }
                knownHashes[arrival.contentHash] = id
                if let reason = arrival.quarantineReason {
                    receipts.append(.quarantined(messageID: id, reason: reason))
                } else {
                    receipts.append(.stored(messageID: id))
                }
            }
            try await StoredMessage.insert(stored, deliveryKeys: keys, problems: problems, in: sql)
            return receipts
        }
    }

    /// The note kept with a message whose Message-ID an earlier, different message already had.
    static func reusedMessageID(_ header: String) -> String {
        "An earlier, different message has the same Message-ID (<\(header)>). This one was kept as a message of its own; "
            + "a mail program may have reused the ID, or someone may be imitating that message."
    }

    /// Messages received but not yet filed (nor quarantined), oldest first: the work a crash left
    /// behind. With `receivedBefore`, only those older than that (a message being filed right now
    /// by the request that received it is left to that request).
    public func unfiled(receivedBefore: Instant? = nil, limit: Int = 100) async throws -> [StoredMessage] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            let query = StoredMessage.select(in: sql)
            if let receivedBefore { query.where("received_at", .lessThan, receivedBefore.secondsSince1970) }
            return try await query
                .where("workspace_id", .equal, workspaceID).where("direction", .equal, "inbound")
                .where("processed_at", .is, SQLLiteral.null).where("quarantine_reason", .is, SQLLiteral.null)
                .orderBy("received_at").orderBy("id").limit(max(1, limit))
                .all(decoding: StoredMessage.self)
        }
    }

    /// Sets a message aside that cannot be read at all, with the reason; it stays visible to the owner.
    public func quarantine(_ messageID: String, reason: String, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("messages").set("quarantine_reason", to: reason)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, messageID)
                .where("processed_at", .is, SQLLiteral.null)
                .run()
        }
    }

    /// Messages in quarantine, newest first (without their raw bytes, which may be large).
    public func quarantined(limit: Int = 100) async throws -> [QuarantinedMessage] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("id", "channel", "sender", "subject", "received_at", "quarantine_reason")
                .column("raw_size")
                .from("messages")
                .where("workspace_id", .equal, workspaceID).where("quarantine_reason", .isNot, SQLLiteral.null)
                .orderBy("received_at", .descending).orderBy("id", .descending).limit(max(1, limit))
                .all().map { row in
                    QuarantinedMessage(id: try row.decode(column: "id", as: String.self),
                                       channel: try row.decode(column: "channel", as: String.self),
                                       sender: try row.optional("sender", as: String.self),
                                       subject: try row.optional("subject", as: String.self),
                                       receivedAt: try row.decode(column: "received_at", as: Int64.self),
                                       reason: try row.decode(column: "quarantine_reason", as: String.self),
                                       rawSize: try row.decode(column: "raw_size", as: Int64.self))
                }
        }
    }
}

/// A message set aside because it cannot be read, as the owner sees it listed.
public struct QuarantinedMessage: Sendable, Equatable {
    public var id: String
    public var channel: String
    public var sender: String?
    public var subject: String?
    public var receivedAt: Int64
    public var reason: String
    public var rawSize: Int64
}
