/// Something odd found while reading a message that did not stop it being read:
/// a missing Date, a charset nobody knows, an attachment whose base64 was broken.
///
/// `code` is short and stable (`missing-date`, `bad-charset`, `broken-base64`,
/// `missing-closing-boundary`, …) so the desk can count and filter problems;
/// `message` says in plain words what was found and where, for the owner to read.
public struct MailProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A short, stable code such as `missing-date`.
    public var code: String
    /// What was found and where, in plain words.
    public var message: String

    /// A problem with a code and a plain-words message.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// Why a whole input cannot be read as a mail message at all: it is empty, or it
/// has no header lines (binary junk, a stray text file). The desk keeps such input
/// in quarantine with `message` as the reason.
///
/// `MailReader.read(_:)` throws this error only for input that has no message
/// structure at all; anything that looks like a message is read as well as
/// possible and its flaws are listed in `ParsedMail.problems` instead.
public struct MailReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short, stable code: `empty` or `no-headers`.
    public var code: String
    /// The reason in plain words.
    public var message: String

    /// An error with a code and a plain-words reason.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static let empty = MailReadError(code: "empty", message: "the input is empty: there is no message to read")
}

/// The problems found while reading one message, without duplicates.
struct ProblemList {
    private(set) var items: [MailProblem] = []
    private var seen: Set<MailProblem> = []

    mutating func add(_ code: String, _ message: String) {
        let problem = MailProblem(code: code, message: message)
        // Fuzzed or hostile input can repeat one flaw thousands of times; a few of each kind are enough.
        if seen.insert(problem).inserted, items.count < 200 { items.append(problem) }
    }
}
