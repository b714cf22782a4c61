import GatehouseCore
import SQLKit

extension Filing {
    /// What filing a batch needs to read, read once for the whole batch rather than once per
    /// message: the senders' customers, the conversations the batch's threads and customers
    /// already have, and how many messages each holds. Every write the batch makes is mirrored
    /// here as it is made, so each message sees exactly what it would see by asking the database
    /// (the batch's earlier messages included). A merge, which moves messages between
    /// conversations, makes the lookup stale: it is then read again for the messages left.
    struct BatchLookup {
        /// A conversation as filing sees it.
        struct ConversationState {
            var id: Conversation.ID
            var customerID: Customer.ID
            var statusToken: String
            var promisedAt: Int64?
            var createdAt: Int64
            var lastMessageAt: Int64
            var subjectKey: String?
            var status: String
            var mergedInto: Conversation.ID?

            /// The conversation as `Threading.choose` weighs it.
            var candidate: ThreadCandidate {
                ThreadCandidate(id: id, createdAt: Instant(secondsSince1970: createdAt),
                                lastMessageAt: Instant(secondsSince1970: lastMessageAt), subjectKey: subjectKey ?? "",
                                isOpen: status == "open", promisedAt: promisedAt.map(Instant.init(secondsSince1970:)))
            }
        }

        /// Customers by contact point ("kind value").
        var customers: [String: FiledCustomer] = [:]
        /// Filed messages' Message-IDs → their conversations.
        var conversationsOfHeader: [String: Set<Conversation.ID>] = [:]
        /// A Message-ID → the conversations of filed messages that refer to it.
        var referrers: [String: Set<Conversation.ID>] = [:]
        var conversations: [Conversation.ID: ConversationState] = [:]
        /// Customer → their conversations known here.
        var conversationsOfCustomer: [Customer.ID: Set<Conversation.ID>] = [:]
        /// Conversation → inbound messages filed in it.
        var inboundCount: [Conversation.ID: Int] = [:]
        /// Customer → what their agreed and under-way jobs cover (`.some(nil)`: no such job).
        var jobScopes: [Customer.ID: JobScope?] = [:]
        /// Set by a merge: read everything again before the next message.
        var stale = false

        static func key(_ kind: String, _ value: String) -> String { kind + " " + value }

        /// Reads what `readings` need, in six queries whatever their number.
        static func load(_ readings: [MessageReading], workspaceID: Workspace.ID, sql: any SQLDatabase) async throws -> BatchLookup {
            var lookup = BatchLookup()
            guard !readings.isEmpty else { return lookup }

            struct CustomerRow: Decodable {
                var kind: String
                var value: String
                var id: Customer.ID
                var name: String
                var plan_id: String
                var last_acknowledged_at: Int64?
            }
            // The kinds too, so the (workspace, kind, value) index finds each contact point directly.
            let kinds = Array(Set(readings.map(\.contactKind))).sorted()
            for values in chunks(Set(readings.map(\.contactValue))) {
                let rows = try await sql.select()
                    .column(SQLColumn("kind", table: "contact_points")).column(SQLColumn("value", table: "contact_points"))
                    .column(SQLColumn("id", table: "customers")).column(SQLColumn("name", table: "customers"))
                    .column(SQLColumn("plan_id", table: "customers"))
                    .column(SQLColumn("last_acknowledged_at", table: "customers"))
                    .from("contact_points")
                    .join("customers", on: SQLColumn("id", table: "customers"), .equal,
                          SQLColumn("customer_id", table: "contact_points"))
                    .where(SQLColumn("workspace_id", table: "contact_points"), .equal, SQLBind(workspaceID))
                    .where(SQLColumn("kind", table: "contact_points"), .in, SQLBind.group(kinds))
                    .where(SQLColumn("value", table: "contact_points"), .in, SQLBind.group(values))
                    .all(decoding: CustomerRow.self)
                for row in rows {
                    lookup.customers[key(row.kind, row.value)] = FiledCustomer(
                        id: row.id, name: row.name, planID: row.plan_id, lastAcknowledgedAt: row.last_acknowledged_at,
                        isNew: false)
                }
            }

            // Threads: the filed messages this batch refers to, and filed messages referring to this batch.
            struct HeaderRow: Decodable {
                var header_message_id: String?
                var conversation_id: Conversation.ID?
            }
            for refs in chunks(Set(readings.flatMap(\.references))) {
                // Unfiled ones are skipped in Swift: "conversation_id IS NOT NULL" in the query would tempt
                // SQLite to walk every filed message of the workspace instead of the Message-ID index.
                let rows = try await sql.select().column("header_message_id").column("conversation_id").from("messages")
                    .where("workspace_id", .equal, workspaceID).where("header_message_id", .in, SQLBind.group(refs))
                    .all(decoding: HeaderRow.self)
                for row in rows {
                    guard let header = row.header_message_id, let conversation = row.conversation_id else { continue }
                    lookup.conversationsOfHeader[header, default: []].insert(conversation)
                }
            }
            struct ReferrerRow: Decodable {
                var ref: String
                var conversation_id: Conversation.ID
            }
            for headers in chunks(Set(readings.compactMap(\.headerMessageID))) {
                let rows = try await sql.select().column(SQLColumn("ref", table: "message_references"))
                    .column(SQLColumn("conversation_id", table: "messages"))
                    .from("message_references")
                    .join("messages", on: SQLColumn("id", table: "messages"), .equal,
                          SQLColumn("message_id", table: "message_references"))
                    .where(SQLColumn("workspace_id", table: "message_references"), .equal, SQLBind(workspaceID))
                    .where(SQLColumn("ref", table: "message_references"), .in, SQLBind.group(headers))
                    .where(SQLColumn("conversation_id", table: "messages"), .isNot, SQLLiteral.null)
                    .all(decoding: ReferrerRow.self)
                for row in rows { lookup.referrers[row.ref, default: []].insert(row.conversation_id) }
            }

            // Conversations: the known customers' recent ones, and every one a thread points to.
            let earliest = (readings.map(\.sentAt).min() ?? 0) - subjectWindow
            let customerIDs = Set(lookup.customers.values.map(\.id))
            for ids in chunks(customerIDs) {
                try await lookup.loadConversations(workspaceID: workspaceID, inQuery: true, sql: sql) { query in
                    query.where("customer_id", .in, SQLBind.group(ids))
                        .where("last_message_at", .greaterThanOrEqual, earliest)
                        .where("merged_into", .is, SQLLiteral.null)
                }
            }
            let threaded = Set(lookup.conversationsOfHeader.values.joined()).union(lookup.referrers.values.joined())
                .subtracting(lookup.conversations.keys)
            for ids in chunks(threaded) {
                // By id alone (the workspace is checked on each row): with the workspace in the query,
                // SQLite would walk the workspace's conversations instead of looking each id up.
                try await lookup.loadConversations(workspaceID: workspaceID, inQuery: false, sql: sql) { query in
                    query.where("id", .in, SQLBind.group(ids))
                }
            }

            struct CountRow: Decodable {
                var conversation_id: Conversation.ID
                var n: Int
            }
            for ids in chunks(Set(lookup.conversations.keys)) {
                let rows = try await sql.select().column("conversation_id")
                    .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("messages")
                    .where("workspace_id", .equal, workspaceID).where("conversation_id", .in, SQLBind.group(ids))
                    .where("direction", .equal, "inbound")
                    .groupBy("conversation_id")
                    .all(decoding: CountRow.self)
                for row in rows { lookup.inboundCount[row.conversation_id] = row.n }
            }
            return lookup
        }

        /// The conversations of `workspaceID` that `filter` picks; the workspace is checked in the query
        /// too when `inQuery` (where it helps the plan rather than hurting it).
        private mutating func loadConversations(workspaceID: Workspace.ID, inQuery: Bool, sql: any SQLDatabase,
                                                _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws {
            struct Row: Decodable {
                var id: Conversation.ID
                var workspace_id: Workspace.ID
                var customer_id: Customer.ID
                var status_token: String?
                var promised_at: Int64?
                var created_at: Int64
                var last_message_at: Int64
                var subject_key: String?
                var status: String
                var merged_into: Conversation.ID?
            }
            let query = sql.select()
                .columns("id", "workspace_id", "customer_id", "status_token", "promised_at", "created_at", "last_message_at",
                         "subject_key", "status", "merged_into")
                .from("conversations")
            if inQuery { query.where("workspace_id", .equal, workspaceID) }
            for row in try await filter(query).all(decoding: Row.self) where row.workspace_id == workspaceID {
                remember(ConversationState(id: row.id, customerID: row.customer_id, statusToken: row.status_token ?? "",
                                           promisedAt: row.promised_at, createdAt: row.created_at,
                                           lastMessageAt: row.last_message_at, subjectKey: row.subject_key,
                                           status: row.status, mergedInto: row.merged_into))
            }
        }

        mutating func remember(_ conversation: ConversationState) {
            conversations[conversation.id] = conversation
            conversationsOfCustomer[conversation.customerID, default: []].insert(conversation.id)
        }

        /// The customer's unmerged conversations active since `since`, most recent first (at most 50).
        func recent(customerID: Customer.ID, since: Int64) -> [ConversationState] {
            let known = (conversationsOfCustomer[customerID] ?? []).compactMap { conversations[$0] }
                .filter { $0.mergedInto == nil && $0.lastMessageAt >= since }
            return Array(known.sorted { ($0.lastMessageAt, $0.id) > ($1.lastMessageAt, $1.id) }.prefix(50))
        }

        /// Records that `reading` was filed in `conversation`, as the database now has it.
        mutating func filed(_ reading: MessageReading, in conversation: ConversationState) {
            remember(conversation)
            inboundCount[conversation.id, default: 0] += 1
            if let header = reading.headerMessageID { conversationsOfHeader[header, default: []].insert(conversation.id) }
            for ref in Set(reading.references) { referrers[ref, default: []].insert(conversation.id) }
        }

        /// Sets of at most 500 values, for `IN` lists.
        private static func chunks<Value: Comparable>(_ values: Set<Value>) -> [[Value]] {
            let all = values.sorted()
            return stride(from: 0, to: all.count, by: 500).map { Array(all[$0..<min($0 + 500, all.count)]) }
        }
    }
}
