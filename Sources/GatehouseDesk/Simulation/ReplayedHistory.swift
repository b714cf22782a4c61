import Foundation
import GatehouseCore
import GatehouseStore

/// A stretch of the workspace's own traffic, to be run again under another policy: the
/// customers who wrote (their names, plans and ways to reach them) and every message they
/// sent, as it was received and when.
public struct ReplayedHistory: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        public var name: String
        public var planID: String
        public var emails: [String]
        public var phones: [String]
    }

    public struct Message: Sendable, Equatable {
        public var at: Instant
        /// Its sender, an index into `people`.
        public var person: Int
        public var channel: String
        /// As it arrived: the whole email, or the stored text message, form or phone note.
        public var raw: Data
        /// The conversation the desk filed it in, an index into the stretch's conversations.
        public var conversation: Int = 0
        /// The email's own Message-ID, when it had one.
        public var headerMessageID: String?

        /// The email as it is replayed after `previous` (the Message-ID of the conversation's
        /// message replayed before it): a reply to the owner's answer names only that answer, which
        /// a replay does not have (the simulated owner writes its own), so it is made to name the
        /// customer's previous message as well and lands in the conversation the desk put it in.
        public func threaded(after previous: String?) -> Data {
            guard let previous, !raw.isEmpty, raw.range(of: Data("<\(previous)>".utf8)) == nil else { return raw }
            return Data("References: <\(previous)>\r\n".utf8) + raw
        }
    }

    public var from: Instant
    public var to: Instant
    public var people: [Person]
    public var messages: [Message]

    /// "41 messages from 23 customers", in the business's words.
    public var summary: String {
        "\(messages.count) message\(messages.count == 1 ? "" : "s") from \(people.count) customer\(people.count == 1 ? "" : "s")"
    }
}

extension WorkspaceDesk {
    /// What customers sent in the last `days` days up to now (the desk's own mail and anything in
    /// quarantine left out), ready to replay at the times it came.
    public func history(days: Int) async throws -> ReplayedHistory {
        let to = now
        let from = to - TimeSpan.hours(24 * Int64(max(1, days)))
        let received = try await Conversations(database: database, workspaceID: workspace.id).received(from: from, to: to)
        var order: [Customer.ID] = []
        var index: [Customer.ID: Int] = [:]
        for (_, customerID) in received where index[customerID] == nil {
            index[customerID] = order.count
            order.append(customerID)
        }
        let found = Dictionary(try await Customers(database: database, workspaceID: workspace.id).get(order).map { ($0.id, $0) },
                               uniquingKeysWith: { first, _ in first })
        let defaultPlan = try policy().defaultPlan.id
        let people = order.map { id in
            found[id].map { ReplayedHistory.Person(name: $0.name, planID: $0.planID, emails: $0.emails, phones: $0.phones) }
                ?? ReplayedHistory.Person(name: "A customer", planID: defaultPlan, emails: [], phones: [])
        }
        var conversations: [Conversation.ID: Int] = [:]
        let messages = received.compactMap { message, customerID -> ReplayedHistory.Message? in
            guard let person = index[customerID] else { return nil }
            var replayed = ReplayedHistory.Message(at: message.receivedAt, person: person, channel: message.channel, raw: message.raw)
            if let conversation = message.conversationID {
                replayed.conversation = conversations[conversation] ?? conversations.count
                conversations[conversation] = replayed.conversation
            }
            replayed.headerMessageID = message.headerMessageID
            return replayed
        }
        return ReplayedHistory(from: from, to: to, people: people, messages: messages)
    }
}
