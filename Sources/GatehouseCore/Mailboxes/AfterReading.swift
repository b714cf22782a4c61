/// What becomes of a message on the owner's mail server once Gatehouse has committed it: left as
/// it is (the default), marked read, or moved to a folder. Never deleted.
public enum AfterReading: Sendable, Equatable {
    case leave
    case markRead
    case move(to: String)

    /// As stored and as the command line takes it: `leave`, `mark-read`, or `move:FOLDER`.
    public var stored: String {
        switch self {
        case .leave: "leave"
        case .markRead: "mark-read"
        case .move(let folder): "move:\(folder)"
        }
    }

    /// In the owner's words, for the settings page and the command line.
    public var described: String {
        switch self {
        case .leave: "left as it is on the server"
        case .markRead: "marked read on the server"
        case .move(let folder): "moved to \(folder) on the server"
        }
    }

    /// Reads the stored or typed form; the problem names what is wrong.
    public static func parse(_ text: String) -> Result<AfterReading, MailboxSettingProblem> {
        let trimmed = text.trimmingSpaces
        switch trimmed.lowercased() {
        case "", "leave": return .success(.leave)
        case "mark-read", "read": return .success(.markRead)
        default: break
        }
        guard trimmed.lowercased().hasPrefix("move:") else {
            return .failure(MailboxSettingProblem(field: "after_reading",
                                                  "\"\(trimmed.prefix(40))\" is not something to do after reading: "
                                                      + "expected leave, mark-read or move:FOLDER"))
        }
        let folder = String(trimmed.dropFirst("move:".count)).trimmingSpaces
        if folder.isEmpty {
            return .failure(MailboxSettingProblem(field: "move_to", "the folder to move read mail to is missing (for example Archive)"))
        }
        if folder.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            return .failure(MailboxSettingProblem(field: "move_to", "the folder name \"\(folder.prefix(40))\" contains a line break"))
        }
        return .success(.move(to: folder))
    }

    /// The folder messages are moved to, if any.
    public var moveTarget: String? {
        if case .move(let folder) = self { return folder }
        return nil
    }

    /// How the action is carried out on a server with `capabilities` (upper-cased), with the reasons.
    public func plan(capabilities: Set<String>) -> AfterReadingPlan {
        switch self {
        case .leave:
            return AfterReadingPlan(steps: [], reasons: ["the owner asked for mail to be left as it is on the server"])
        case .markRead:
            return AfterReadingPlan(steps: [.addSeen], reasons: ["the owner asked for mail to be marked read once Gatehouse has it"])
        case .move(let folder):
            if capabilities.contains("MOVE") {
                return AfterReadingPlan(steps: [.move(folder)], reasons: ["the server moves messages in one step (MOVE, RFC 6851)"])
            }
            if capabilities.contains("UIDPLUS") {
                return AfterReadingPlan(steps: [.copy(folder), .addDeleted, .expungeThese], reasons: [
                    "the server has no MOVE: the messages are copied, then removed one by one (UID EXPUNGE, RFC 4315), "
                        + "so no other message marked deleted is touched",
                ])
            }
            return AfterReadingPlan(steps: [.copy(folder), .addDeleted], reasons: [
                "the server has neither MOVE nor UIDPLUS: the messages are copied and marked deleted, and left for the "
                    + "owner's mail app to clear, because removing them would also remove any other message marked deleted",
            ])
        }
    }
}

/// The IMAP steps that carry out an `AfterReading`, in order, on the messages just committed.
public struct AfterReadingPlan: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        /// UID STORE +FLAGS.SILENT (\Seen)
        case addSeen
        /// UID MOVE to the folder.
        case move(String)
        /// UID COPY to the folder.
        case copy(String)
        /// UID STORE +FLAGS.SILENT (\Deleted)
        case addDeleted
        /// UID EXPUNGE of these messages only.
        case expungeThese
    }

    public var steps: [Step]
    public var reasons: [String]

    /// Whether the folder must be opened for changes (SELECT rather than EXAMINE).
    public var changesFolder: Bool { !steps.isEmpty }
}

/// A mailbox setting that cannot be used, naming its field.
public struct MailboxSettingProblem: Error, Sendable, Equatable {
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}
