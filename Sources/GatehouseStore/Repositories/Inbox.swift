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

    public init(raw: Data, channel: String, headerMessageID: String?, contentHash: String, sender: String?, subject: String?) {
        self.raw = raw
        self.channel = channel
        self.headerMessageID = headerMessageID
        self.contentHash = contentHash
        self.sender = sender
        self.subject = subject
    }
}

/// What became of an arrival.
public enum Receipt: Sendable, Equatable {
    /// Stored durably under this message id, waiting to be filed.
    case stored(messageID: String)
    /// Already here (same Message-ID or the same bytes): nothing new was stored.
    case duplicate(of: String)
    /// Stored, but it cannot be read at all: kept in quarantine with the reason, for the owner to see.
    case quarantined(messageID: String, reason: String)
}

/// The door every inbound message comes through. A message is committed here,
/// raw and durably, before anything else is done with it; filing it (customer,
/// conversation, triage, acknowledgement) happens afterwards and can be resumed.
public struct Inbox: Sendable {
    let database: Database
    let workspaceID: String

    public init(database: Database, workspaceID: String) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Stores every arrival of the batch in one transaction and says, for each, whether it was
    /// new or a second delivery. When this returns, the new ones are on disk.
    public func receive(_ arrivals: [Arrival], now: Instant) async throws -> [Receipt] {
        let workspaceID = self.workspaceID
        let at = now.secondsSince1970
        return try await database.write { sql in
            var receipts: [Receipt] = []
            receipts.reserveCapacity(arrivals.count)
            // Duplicates within the batch itself, by Message-ID and by bytes.
            var seenIDs: [String: String] = [:]
            var seenHashes: [String: String] = [:]
            for arrival in arrivals {
                if let header = arrival.headerMessageID, let earlier = seenIDs[header] {
                    receipts.append(.duplicate(of: earlier)); continue
                }
                if let earlier = seenHashes[arrival.contentHash] {
                    receipts.append(.duplicate(of: earlier)); continue
                }
                if let existing = try await Self.existing(arrival, workspaceID: workspaceID, sql: sql) {
                    receipts.append(.duplicate(of: existing)); continue
                }
                let id = NewID.make()
                try await sql.insert(into: "messages")
                    .columns("id", "workspace_id", "direction", "channel", "header_message_id", "content_hash", "raw",
                             "sender", "subject", "received_at", "quarantine_reason")
                    .values(SQLBind(id), SQLBind(workspaceID), SQLBind("inbound"), SQLBind(arrival.channel),
                            SQLBind(arrival.headerMessageID), SQLBind(arrival.contentHash), SQLBind(arrival.raw),
                            SQLBind(arrival.sender), SQLBind(arrival.subject), SQLBind(at),
                            SQLBind(arrival.quarantineReason))
                    .run()
                if let header = arrival.headerMessageID { seenIDs[header] = id }
                seenHashes[arrival.contentHash] = id
                if let reason = arrival.quarantineReason {
                    receipts.append(.quarantined(messageID: id, reason: reason))
                } else {
                    receipts.append(.stored(messageID: id))
                }
            }
            return receipts
        }
    }

    /// The inbound message already stored that this arrival repeats, if any.
    static func existing(_ arrival: Arrival, workspaceID: String, sql: any SQLDatabase) async throws -> String? {
        struct IDRow: Decodable { var id: String }
        if let header = arrival.headerMessageID,
           let row = try await sql.select().column("id").from("messages")
            .where("workspace_id", .equal, workspaceID).where("header_message_id", .equal, header)
            .where("direction", .equal, "inbound").limit(1).first(decoding: IDRow.self) {
            return row.id
        }
        return try await sql.select().column("id").from("messages")
            .where("workspace_id", .equal, workspaceID).where("content_hash", .equal, arrival.contentHash)
            .limit(1).first(decoding: IDRow.self)?.id
    }

    /// Messages received but not yet filed (nor quarantined), oldest first: the work a crash left behind.
    public func unfiled(limit: Int = 100) async throws -> [StoredMessage] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("messages")
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

    /// Messages in quarantine, newest first.
    public func quarantined(limit: Int = 100) async throws -> [StoredMessage] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("messages")
                .where("workspace_id", .equal, workspaceID).where("quarantine_reason", .isNot, SQLLiteral.null)
                .orderBy("received_at", .descending).orderBy("id", .descending).limit(max(1, limit))
                .all(decoding: StoredMessage.self)
        }
    }
}
