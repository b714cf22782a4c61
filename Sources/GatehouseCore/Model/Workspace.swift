import Foundation
import Synchronization

/// A business using Gatehouse: its name, address in URLs, and policy.
public struct Workspace: Sendable, Equatable, Codable {
    public var id: ID
    /// The short name in URLs and on the command line (`rivera-plumbing`).
    public var slug: String
    public var name: String
    public var timeZone: String
    /// The policy exactly as the owner wrote it (always valid).
    public var policyYAML: String
    public var createdAt: Instant
    public var updatedAt: Instant

    enum CodingKeys: String, CodingKey {
        case id, slug, name
        case timeZone = "time_zone"
        case policyYAML = "policy_yaml"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// The policy read from its text (once per text: see `ReadPolicies`).
    public func policy() throws(PolicyError) -> Policy { try ReadPolicies.shared.read(policyYAML).policy }

    /// The business calendar of the policy, shared by everyone reading the same text, so its
    /// precomputed open time is worked out once rather than on every request.
    public func businessCalendar() throws(PolicyError) -> BusinessCalendar { try ReadPolicies.shared.read(policyYAML).calendar }

    public init(id: ID, slug: String, name: String, timeZone: String, policyYAML: String, createdAt: Instant, updatedAt: Instant) {
        self.id = id
        self.slug = slug
        self.name = name
        self.timeZone = timeZone
        self.policyYAML = policyYAML
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// New identifiers, made in Swift so that both engines agree on them.
public enum NewID {
    /// A random, unguessable identifier (a lowercase UUID).
    public static func make() -> String { UUID().uuidString.lowercased() }
}

/// Policies already read, by their text: reading YAML and laying out a year of open time cost
/// more than the rest of most requests. A text that does not read is not kept (its error is
/// worked out again, so it is always current). Bounded: past `capacity` texts it starts afresh.
final class ReadPolicies: Sendable {
    static let shared = ReadPolicies()
    static let capacity = 256
    private let entries = Mutex<[String: (policy: Policy, calendar: BusinessCalendar)]>([:])

    func read(_ yaml: String) throws(PolicyError) -> (policy: Policy, calendar: BusinessCalendar) {
        if let found = entries.withLock({ $0[yaml] }) { return found }
        let policy = try Policy.read(yaml: yaml)
        let entry = (policy, BusinessCalendar(policy: policy))
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[yaml] = entry
        }
        return entry
    }
}
