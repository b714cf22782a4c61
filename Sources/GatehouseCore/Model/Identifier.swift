/// The id of one kind of thing: a customer's id cannot be passed where a conversation's is
/// meant, though both are the same short text in the database.
///
/// `Subject` only names the kind (`Identifier<Customer>` is `Customer.ID`); the value is the
/// text the store made. It encodes and decodes as that plain string, so JSON and SQL see no
/// difference.
public struct Identifier<Subject>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
                                   LosslessStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// A new, unguessable id (see `NewID`).
    public static func make() -> Self { Self(NewID.make()) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Workspace { public typealias ID = Identifier<Workspace> }
extension Customer { public typealias ID = Identifier<Customer> }
extension Conversation { public typealias ID = Identifier<Conversation> }
extension Job { public typealias ID = Identifier<Job> }
