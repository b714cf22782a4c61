import Foundation

/// Someone the business works with (or may: a prospect), with the ways to reach them.
public struct Customer: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case customer, prospect }

    public var id: ID
    public var workspaceID: Workspace.ID
    public var name: String
    public var kind: Kind
    /// The policy plan they are on.
    public var planID: String
    public var notes: String
    public var emails: [String]
    public var phones: [String]
    public var createdAt: Instant
    public var updatedAt: Instant
    /// The owner's healthy-distance note: what to steer away from with this customer.
    public var distanceNote: String = ""

    public init(id: ID, workspaceID: Workspace.ID, name: String, kind: Kind, planID: String, notes: String, emails: [String], phones: [String], createdAt: Instant, updatedAt: Instant, distanceNote: String = "") {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
        self.kind = kind
        self.planID = planID
        self.notes = notes
        self.emails = emails
        self.phones = phones
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.distanceNote = distanceNote
    }
}

/// What a caller may set on a customer.
public struct CustomerDraft: Sendable, Equatable {
    public var name: String
    public var kind: Customer.Kind
    public var planID: String
    public var notes: String
    public var emails: [String]
    public var phones: [String]

    public init(name: String, kind: Customer.Kind = .customer, planID: String, notes: String = "",
                emails: [String] = [], phones: [String] = []) {
        self.name = name
        self.kind = kind
        self.planID = planID
        self.notes = notes
        self.emails = emails
        self.phones = phones
    }
}

/// A page of results and where the next one starts.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Pass as `after` to get the next page; nil on the last page.
    public var next: String?

    public init(items: [Item], next: String? = nil) {
        self.items = items
        self.next = next
    }
}
