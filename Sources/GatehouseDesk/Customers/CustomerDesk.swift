import GatehouseCore
import GatehouseStore

/// The owner's customers, from a page or the API alike: finding, adding, changing and removing
/// them, their healthy-distance note, their history, and the time spent with them.
public struct CustomerDesk: Sendable {
    let database: Database
    let workspace: Workspace

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    var customers: Customers { Customers(database: database, workspaceID: workspace.id) }
    var timeEntries: TimeEntries { TimeEntries(database: database, workspaceID: workspace.id) }

    /// Customers by name, `limit` at a time, narrowed by `search` when it is given.
    public func list(search: String? = nil, after: String? = nil, limit: Int = 50) async throws -> Page<Customer> {
        try await customers.list(search: search, after: after, limit: limit)
    }

    /// The customer, when they are this workspace's.
    public func customer(_ id: Customer.ID) async throws -> Customer? { try await customers.get(id) }

    /// The customer with this id, or with this email address or phone number.
    public func customer(idOrContact text: String) async throws -> Customer? {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let found = try await customers.get(Customer.ID(text)) { return found }
        return try await customers.find(contact: text.contains("@") ? text.lowercased() : text)
    }

    /// Adds a customer or a prospect.
    public func add(_ draft: CustomerDraft, actor: String, now: Instant) async throws -> Customer {
        try await customers.create(draft, actor: actor, now: now)
    }

    /// Changes a customer; nil when there is no such customer here.
    public func change(_ id: Customer.ID, to draft: CustomerDraft, actor: String, now: Instant) async throws -> Customer? {
        try await customers.update(id, with: draft, actor: actor, now: now)
    }

    /// Removes a customer with everything kept about them (`CustomerData.erase`): nothing of
    /// theirs is left behind; false when there is no such customer here.
    public func remove(_ id: Customer.ID, actor: String, now: Instant) async throws -> Bool {
        try await CustomerRecords(database: database, workspaceID: workspace.id).erase(id, actor: actor, now: now) != nil
    }

    /// Keeps the owner's healthy-distance note; false when there is no such customer here.
    public func keepDistanceNote(_ id: Customer.ID, note: String, actor: String, now: Instant) async throws -> Bool {
        try await customers.setDistanceNote(id, note: note, actor: actor, now: now)
    }

    /// The customer's conversations, most recent first.
    public func history(_ id: Customer.ID, limit: Int = 20) async throws -> Page<Conversation> {
        try await Conversations(database: database, workspaceID: workspace.id).list(customerID: id, limit: limit)
    }

    /// Records time spent for a customer; a refusal (an overlap with other recorded time) names
    /// the times in the business's own words.
    public func recordTime(_ draft: TimeEntryDraft, userID: String, now: Instant) async throws -> TimeEntry {
        let calendar = try workspace.businessCalendar()
        return try await timeEntries.add(draft, userID: userID, now: now) { seconds in
            calendar.spoken(Instant(secondsSince1970: seconds))
        }
    }

    /// The time recorded for the customer in the local month `now` falls in, oldest first.
    public func timeThisMonth(_ id: Customer.ID, now: Instant) async throws -> [TimeEntry] {
        let month = try workspace.businessCalendar().month(of: now)
        return try await timeEntries.list(customerID: id, from: month.start, to: month.end)
    }
}
