/// What the owner chose to do with the mail already in a mailbox when connecting it.
public enum ExistingMail: Sendable, Equatable {
    /// Nothing already there is filed: reading starts with the next message to arrive (the safe default).
    case newOnly
    /// The mail of the last `days` days is imported quietly (adopted), the rest left alone.
    case since(days: Int)
    /// Everything already there is read and answered as new mail (how mailboxes connected before
    /// this choice existed were read; never offered to the owner).
    case everything

    /// The choice as stored: 0 for new mail only, the number of days, or nil for everything.
    public var storedDays: Int? {
        switch self {
        case .newOnly: 0
        case .since(let days): days
        case .everything: nil
        }
    }

    public init(storedDays: Int?) {
        guard let days = storedDays else { self = .everything; return }
        self = days > 0 ? .since(days: days) : .newOnly
    }
}

/// Where the first read of a folder starts, given what the owner chose for the mail already in it.
public struct FirstRead: Sendable, Equatable {
    /// The high-water mark to start from.
    public var readAbove: UInt32
    /// Messages with a UID below this were in the folder when it was connected: they are adopted
    /// (filed quietly, no acknowledgement, no alert, no promise). 0 when none are.
    public var adoptBelow: UInt32
    public var reasons: [String]

    /// The first read of a folder whose next UID is `serverUIDNext` (nil when the server did not say).
    public static func decide(_ choice: ExistingMail, serverUIDNext: UInt32?) -> FirstRead {
        switch choice {
        case .newOnly:
            guard let next = serverUIDNext, next > 0 else {
                return FirstRead(readAbove: 0, adoptBelow: UInt32.max, reasons: [
                    "only new mail was asked for, but the server did not say which UID comes next: "
                        + "everything is read, and what is already there is filed quietly (never answered)",
                ])
            }
            return FirstRead(readAbove: next - 1, adoptBelow: 0, reasons: [
                "only new mail was asked for: the mail already in the folder (up to UID \(next - 1)) is left alone",
            ])
        case .everything:
            return FirstRead(readAbove: 0, adoptBelow: 0, reasons: ["everything already in the folder is read as new mail"])
        case .since(let days):
            return FirstRead(readAbove: 0, adoptBelow: serverUIDNext ?? UInt32.max, reasons: [
                "the mail of the last \(days) days already in the folder is imported with its own dates, "
                    + "without acknowledgements, alerts or promises; mail arriving from now on is answered as usual",
            ])
        }
    }
}

/// Whether one old message found when a mailbox was connected is imported.
public enum AdoptedMessage {
    public enum Decision: Sendable, Equatable {
        case importQuietly(reason: String)
        case leave(reason: String)
    }

    /// A message written at `sentAt` (seconds since 1970), for an import of what was written at or after `cutoff`.
    public static func decide(sentAt: Int64?, cutoff: Int64) -> Decision {
        guard let sentAt else {
            return .importQuietly(reason: "it has no date, so it is imported (quietly) rather than lost")
        }
        if sentAt < cutoff {
            return .leave(reason: "it was written before the start of the import the owner chose, so it is left alone")
        }
        return .importQuietly(reason: "it was already in the mailbox when it was connected: filed without an answer, an alert or a promise")
    }
}
