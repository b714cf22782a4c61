/// Whether the folders the owner asked Gatehouse to read can be read as customers' mail: a
/// folder the server does not have is missing; one it marks as holding something else (RFC 6154)
/// is refused with the reason — Gmail's "All Mail" above all, which holds every message again,
/// the owner's sent mail included, so its customers' messages would arrive twice and the owner's
/// own replies would be filed as theirs.
public struct FolderChoice: Sendable, Equatable {
    public struct Refused: Sendable, Equatable {
        public var folder: String
        public var reason: String
    }

    public var missing: [String]
    public var refused: [Refused]

    public var isUsable: Bool { missing.isEmpty && refused.isEmpty }

    /// The special uses that are not a customer's mail, and why.
    static let notCustomersMail: [(attribute: String, reason: String)] = [
        ("\\All", "it holds every message in the mailbox again (Gmail's All Mail), your own sent mail included; "
            + "read INBOX and the labels your customers' mail is filed under instead"),
        ("\\Sent", "it holds the mail you send; Gatehouse already reads it to see the replies you send from other mail apps"),
        ("\\Drafts", "it holds unfinished mail of yours, not your customers'"),
        ("\\Trash", "it holds mail that was deleted"),
        ("\\Junk", "it holds mail taken for spam; a customer's message found there can be moved to INBOX"),
    ]

    /// Checks `wanted` against the folders the server lists. INBOX is matched whatever its case.
    public static func check(_ wanted: [String], on server: [ServerFolder]) -> FolderChoice {
        var missing: [String] = []
        var refused: [Refused] = []
        for name in wanted {
            let isInbox = name.uppercased() == "INBOX"
            guard let folder = server.first(where: { $0.name == name || (isInbox && $0.name.uppercased() == "INBOX") }),
                  !folder.attributes.contains(where: { ["\\noselect", "\\nonexistent"].contains($0.lowercased()) }) else {
                missing.append(name)
                continue
            }
            if let use = notCustomersMail.first(where: { use in
                folder.attributes.contains { $0.caseInsensitiveCompare(use.attribute) == .orderedSame }
            }) {
                refused.append(Refused(folder: name, reason: "\"\(name)\" is not read as customers' mail: \(use.reason)"))
            }
        }
        return FolderChoice(missing: missing, refused: refused)
    }
}
