/// A problem with the database, with a message fit to show an operator or user.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
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
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
