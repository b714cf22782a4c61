import Foundation

/// A problem with the database or the data given to it, with a message fit to show an
/// operator or user, naming the field at fault when there is one.
public struct StoreError: DeskProblem, Equatable, CustomStringConvertible {
    /// What kind of problem it is, for callers that react differently.
    public enum Code: String, Sendable {
        /// The database URL or path is not usable.
        case badLocation
        /// The database server cannot be reached or the file cannot be opened; try again later.
        case unreachable
        /// A row with the same unique value already exists.
        case conflict
        /// The row asked for does not exist (in this workspace).
        case notFound
        /// The data given is not acceptable.
        case invalid
        /// The schema could not be brought up to date.
        case migrationFailed
    }

    public var code: Code
    /// The field at fault, by its API name ("customer_id"); nil when no one field is.
    public var field: String?
    /// What is wrong, without the field's name.
    public var detail: String

    public init(_ code: Code, field: String? = nil, _ detail: String) {
        self.code = code
        self.field = field
        self.detail = detail
    }

    /// The whole message: "field: what is wrong", or what is wrong alone.
    public var message: String { sentence }

    public var description: String { message }

    public var kind: ProblemKind {
        switch code {
        case .invalid, .badLocation: .invalid
        case .notFound: .notFound
        case .conflict: .conflict
        case .unreachable, .migrationFailed: .unavailable
        }
    }

    /// Two errors are the same when they are of one kind and say the same.
    public static func == (lhs: StoreError, rhs: StoreError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
