import Foundation
import GatehouseCore
import SQLKit




/// Customers of one workspace. Every query is scoped to the workspace it was made for.
public struct Customers: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    struct Row: Codable {
        var id: Customer.ID
        var workspace_id: Workspace.ID
        var name: String
        var kind: Customer.Kind
        var plan_id: String
        var notes: String
        var created_at: Int64
        var updated_at: Int64
        var distance_note: String = ""
    }

    struct ContactRow: Codable {
        var id: String
        var workspace_id: Workspace.ID
        var customer_id: Customer.ID
        var kind: String
        var value: String
    }

    public func create(_ draft: CustomerDraft, actor: String, now: Instant) async throws -> Customer {
        let draft = try Self.normalized(draft)
        let row = Row(id: .make(), workspace_id: workspaceID, name: draft.name, kind: draft.kind,
                      plan_id: draft.planID, notes: draft.notes, created_at: now.secondsSince1970,
                      updated_at: now.secondsSince1970)
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.insert(into: "customers").model(row).run()
            try await Self.insertContacts(draft, customerID: row.id, workspaceID: workspaceID, in: sql)
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "customer.create",
                                      subjectType: "customer", subjectID: row.id, details: "added \(draft.name)", now: now)
        }
        return Customer(id: row.id, workspaceID: workspaceID, name: draft.name, kind: draft.kind, planID: draft.planID,
                        notes: draft.notes, emails: draft.emails, phones: draft.phones,
                        createdAt: now, updatedAt: now)
    }

    /// The customer with this id in this workspace; nil for another workspace's customer.
    public func get(_ id: Customer.ID) async throws -> Customer? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            guard let row = try await sql.select().columns("*").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id)
                .first(decoding: Row.self)
            else { return nil }
            return try await Self.assemble([row], in: sql).first
        }
    }

    /// These customers of the workspace (those that exist), with their contact points.
    public func get(_ ids: [Customer.ID]) async throws -> [Customer] {
        guard !ids.isEmpty else { return [] }
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            var found: [Customer] = []
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let rows = try await sql.select().columns("*").from("customers")
                    .where(WorkspaceCheck(workspaceID)).where("id", .in, chunk)
                    .all(decoding: Row.self)
                found += try await Self.assemble(rows, in: sql)
            }
            return found
        }
    }

    /// The customer reachable at this email address or phone number, if any.
    public func find(contact value: String) async throws -> Customer? {
        let workspaceID = self.workspaceID
        let normalized = value.contains("@") ? value.lowercased().trimmingSpacesAndBrackets : Self.normalizedPhone(value)
        let customerID = try await database.read { sql in
            try await sql.select().column("customer_id").from("contact_points")
                .where("workspace_id", .equal, workspaceID).where("value", .equal, normalized)
                .first()?.decode(column: "customer_id", as: Customer.ID.self)
        }
        guard let customerID else { return nil }
        return try await get(customerID)
    }

    /// Customers by name, `limit` at a time, optionally only those whose name,
    /// email or phone contains `search`.
    /// How many customers (and prospects) the workspace has on each plan, by plan id.
    public func countsByPlan() async throws -> [String: Int] {
        struct Row: Decodable {
            var plan_id: String
            var customers: Int64
        }
        let workspaceID = self.workspaceID
        let rows = try await database.read { sql in
            try await sql.select().column("plan_id").column(SQLFunction("count", args: SQLLiteral.all), as: "customers")
                .from("customers").where("workspace_id", .equal, workspaceID).groupBy("plan_id").all(decoding: Row.self)
        }
        return Dictionary(rows.map { ($0.plan_id, Int($0.customers)) }, uniquingKeysWith: +)
    }

    public func list(search: String? = nil, after: String? = nil, limit: Int = 50) async throws -> Page<Customer> {
        let workspaceID = self.workspaceID
        let limit = max(1, min(limit, 200))
        let cursor = try after.map(PageCursor.decode)
        let rows = try await database.read { sql -> [Row] in
            let query = sql.select().columns("*").from("customers").where("workspace_id", .equal, workspaceID)
            if let search, !search.isEmpty {
                let pattern = EscapedLike.containing(search)
                // Phones are kept as digits, so "555 0199" or "(312) 555-0199" is looked for as digits too.
                let digits = search.filter(\.isNumber)
                let phoneLike = digits.count >= 3 && search.allSatisfy { $0.isNumber || " +-().".contains($0) }
                query.where { group in
                    group.where(EscapedLike(SQLFunction("lower", args: SQLColumn("name")), pattern))
                        .orWhere(SQLColumn("id"), .in, SQLGroupExpression(
                            sql.select().column("customer_id").from("contact_points")
                                .where("workspace_id", .equal, workspaceID)
                                .where { contact in
                                    contact.where(EscapedLike(SQLColumn("value"), pattern))
                                    if phoneLike { contact.orWhere(EscapedLike(SQLColumn("value"), EscapedLike.containing(digits))) }
                                    return contact
                                }.query))
                }
            }
            if let cursor {
                // Keyset paging on (name, id): stable while rows are added.
                query.where { group in
                    group.where("name", .greaterThan, cursor.key)
                        .orWhere { inner in inner.where("name", .equal, cursor.key).where("id", .greaterThan, cursor.id) }
                }
            }
            return try await query.orderBy("name").orderBy("id").limit(limit + 1).all(decoding: Row.self)
        }
        let pageRows = Array(rows.prefix(limit))
        let customers = try await database.read { sql in try await Self.assemble(pageRows, in: sql) }
        let next = rows.count > limit ? pageRows.last.map { PageCursor(key: $0.name, id: $0.id.rawValue).encoded } : nil
        return Page(items: customers, next: next)
    }

    /// Replaces what a draft says; returns nil when the customer is not in this workspace.
    public func update(_ id: Customer.ID, with draft: CustomerDraft, actor: String, now: Instant) async throws -> Customer? {
        let draft = try Self.normalized(draft)
        let workspaceID = self.workspaceID
        let found = try await database.write { sql -> Bool in
            guard try await sql.select().column("id").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first() != nil
            else { return false }
            try await sql.update("customers")
                .set("name", to: draft.name).set("kind", to: draft.kind.rawValue).set("plan_id", to: draft.planID)
                .set("notes", to: draft.notes).set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id)
                .run()
            try await sql.delete(from: "contact_points")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, id).run()
            try await Self.insertContacts(draft, customerID: id, workspaceID: workspaceID, in: sql)
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "customer.update",
                                      subjectType: "customer", subjectID: id, details: "updated \(draft.name)", now: now)
            return true
        }
        return found ? try await get(id) : nil
    }

    /// Keeps the owner's healthy-distance note; false when the customer is not in this workspace.
    public func setDistanceNote(_ id: Customer.ID, note: String, actor: String, now: Instant) async throws -> Bool {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 2000 else { throw StoreError(.invalid, field: "distance_note", "at most 2000 characters") }
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard try await sql.select().column("id").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first() != nil
            else { return false }
            try await sql.update("customers").set("distance_note", to: note).set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "customer.distance_note",
                                      subjectType: "customer", subjectID: id, details: "kept a healthy-distance note", now: now)
            return true
        }
    }

    /// Deletes the customer (and their contact points); false when not in this workspace.
    public func delete(_ id: Customer.ID, actor: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard let row = try await sql.select().columns("*").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first(decoding: Row.self)
            else { return false }
            try await sql.delete(from: "customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "customer.delete",
                                      subjectType: "customer", subjectID: id, details: "deleted \(row.name)", now: now)
            return true
        }
    }

    /// Adds a way to reach a customer they gave (the phone number on the contact form), unless it
    /// is already known; false when it was, or belongs to another customer.
    @discardableResult
    public func addContact(customerID: Customer.ID, kind: String, value: String) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard try await sql.select().column("id").from("contact_points").where("workspace_id", .equal, workspaceID)
                .where("kind", .equal, kind).where("value", .equal, value).first() == nil,
                try await sql.select().column("id").from("customers").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, customerID).first() != nil
            else { return false }
            try await sql.insert(into: "contact_points")
                .model(ContactRow(id: NewID.make(), workspace_id: workspaceID, customer_id: customerID, kind: kind, value: value))
                .run()
            return true
        }
    }

    // MARK: - Helpers

    static func insertContacts(_ draft: CustomerDraft, customerID: Customer.ID, workspaceID: Workspace.ID,
                               in sql: any SQLDatabase) async throws {
        let contacts = draft.emails.map { ("email", $0) } + draft.phones.map { ("phone", $0) }
        for (kind, value) in contacts {
            do {
                try await sql.insert(into: "contact_points")
                    .model(ContactRow(id: NewID.make(), workspace_id: workspaceID, customer_id: customerID,
                                      kind: kind, value: value))
                    .run()
            } catch where StoreError.classify(error, backend: .sqlite).code == .conflict {
                // Both engines' unique-violation errors classify the same way; name the contact.
                throw StoreError(.conflict, "\(value) already belongs to another customer")
            }
        }
    }

    static func assemble(_ rows: [Row], in sql: any SQLDatabase) async throws -> [Customer] {
        guard !rows.isEmpty else { return [] }
        let contacts = try await sql.select().columns("*").from("contact_points")
            .where("customer_id", .in, rows.map(\.id))
            .orderBy("value")
            .all(decoding: ContactRow.self)
        let byCustomer = Dictionary(grouping: contacts, by: \.customer_id)
        return rows.map { row in
            let points = byCustomer[row.id] ?? []
            return Customer(id: row.id, workspaceID: row.workspace_id, name: row.name, kind: row.kind,
                            planID: row.plan_id, notes: row.notes,
                            emails: points.filter { $0.kind == "email" }.map(\.value),
                            phones: points.filter { $0.kind == "phone" }.map(\.value),
                            createdAt: Instant(secondsSince1970: row.created_at),
                            updatedAt: Instant(secondsSince1970: row.updated_at), distanceNote: row.distance_note)
        }
    }

    /// Trims the name, lowercases emails and keeps only the digits (and a leading +) of phones.
    static func normalized(_ draft: CustomerDraft) throws -> CustomerDraft {
        var draft = draft
        draft.name = draft.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !draft.name.isEmpty else { throw StoreError(.invalid, field: "name", "a customer needs a name") }
        guard draft.name.count <= 200 else { throw StoreError(.invalid, field: "name", "at most 200 characters") }
        draft.emails = try draft.emails.map { email in
            let clean = email.lowercased().trimmingSpacesAndBrackets
            guard clean.contains("@"), !clean.hasPrefix("@"), !clean.hasSuffix("@"), !clean.contains(" ") else {
                throw StoreError(.invalid, field: "emails", "'\(email)' is not an email address")
            }
            return clean
        }
        draft.phones = try draft.phones.map { phone in
            let clean = normalizedPhone(phone)
            guard clean.filter(\.isNumber).count >= 5 else {
                throw StoreError(.invalid, field: "phones", "'\(phone)' is not a phone number")
            }
            return clean
        }
        if Set(draft.emails).count != draft.emails.count || Set(draft.phones).count != draft.phones.count {
            throw StoreError(.invalid, "a contact point is listed twice")
        }
        return draft
    }

    static func normalizedPhone(_ phone: String) -> String {
        let trimmed = phone.trimmingSpacesAndBrackets
        let digits = trimmed.filter(\.isNumber)
        return trimmed.hasPrefix("+") ? "+" + digits : digits
    }
}

/// An opaque position in a list, safe to hand to clients: base64url without padding. Any text
/// of that alphabet and a length a base64 text can have (the API document's pattern) is a
/// position — the list's order key and id — so a client is never refused a cursor the document
/// allows; one that no page handed out simply pages on from where it sorts.
struct PageCursor: Equatable {
    var key: String
    var id: String

    var encoded: String {
        Data((key + "\u{1F}" + id).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) throws -> PageCursor {
        guard let bytes = base64URL(text) else {
            throw StoreError(.invalid, field: "after", "'\(text)' is not a cursor from a previous page")
        }
        let decoded = String(decoding: bytes, as: UTF8.self)
        guard let separator = decoded.firstIndex(of: "\u{1F}") else { return PageCursor(key: decoded, id: "") }
        return PageCursor(key: String(decoded[..<separator]), id: String(decoded[decoded.index(after: separator)...]))
    }

    /// The bytes of base64 text in either alphabet, padded or not; nil for any other character or
    /// for a length no base64 text has (one character over a group of four).
    static func base64URL(_ text: String) -> [UInt8]? {
        var bits: UInt32 = 0
        var count = 0
        var characters = 0
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            let value: UInt8
            switch byte {
            case 65...90: value = byte - 65
            case 97...122: value = byte - 71
            case 48...57: value = byte + 4
            case 45, 43: value = 62
            case 95, 47: value = 63
            case 61: continue
            default: return nil
            }
            characters += 1
            bits = bits << 6 | UInt32(value)
            count += 6
            if count >= 8 {
                count -= 8
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(count)))
                bits &= (1 << UInt32(count)) - 1
            }
        }
        return characters % 4 == 1 ? nil : bytes
    }
}

extension String {
    var trimmingSpacesAndBrackets: String {
        trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "<>")))
    }
}

/// `left LIKE pattern ESCAPE '\'`, spelled the same on SQLite and PostgreSQL, so
/// that `%` and `_` typed in a search are matched literally.
struct EscapedLike: SQLExpression {
    let left: any SQLExpression
    let pattern: String

    init(_ left: any SQLExpression, _ pattern: String) {
        self.left = left
        self.pattern = pattern
    }

    func serialize(to serializer: inout SQLSerializer) {
        left.serialize(to: &serializer)
        serializer.write(" LIKE ")
        SQLBind(pattern).serialize(to: &serializer)
        serializer.write(" ESCAPE '\\'")
    }

    /// A pattern that matches text containing `words` (lowercased) literally, `%` and `_` included.
    static func containing(_ words: String) -> String {
        "%" + words.lowercased()
            .replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
