/// What kind of problem stopped something, for the answer a person gets: a page's message
/// beside its field, or the API's status code.
public enum ProblemKind: String, Sendable, Equatable {
    /// What was given is not acceptable.
    case invalid
    /// What was asked for does not exist (in this workspace).
    case notFound
    /// The state of things does not allow it (a duplicate, something already decided).
    case conflict
    /// Something the desk needs is not reachable now; trying again later may work.
    case unavailable
}

/// The one shape of every problem the desk reports to a person, from the store to the API and
/// the pages: its kind, the field it is about when there is one, and what is wrong in words.
public protocol DeskProblem: Error, Sendable {
    var kind: ProblemKind { get }
    /// The form or JSON field at fault, by its API name; nil when the problem is not one field's.
    var field: String? { get }
    /// What is wrong, without the field's name.
    var detail: String { get }
}

extension DeskProblem {
    /// "field: what is wrong", or what is wrong alone.
    public var sentence: String { field.map { "\($0): \(detail)" } ?? detail }
}

extension JobProblem: DeskProblem {
    public var kind: ProblemKind { .invalid }
    public var detail: String { message }
}
