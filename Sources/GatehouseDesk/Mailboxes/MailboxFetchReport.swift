import GatehouseCore

/// What one fetch of a mailbox did, folder by folder.
public struct MailboxFetchReport: Sendable, Equatable {
    /// What became of one folder.
    public struct Folder: Sendable, Equatable {
        public var folder: String
        /// Why the folder was read from where it was (first read, renumbered, above the mark).
        public var reasons: [String] = []
        /// Messages handed over by the server.
        public var fetched = 0
        /// Of those, new and stored (including those in quarantine because they cannot be read).
        public var stored = 0
        /// Of those, already stored before (a second copy, or a re-read after renumbering).
        public var duplicates = 0
        /// Stored but unreadable: in the quarantine with the reason.
        public var quarantined = 0
        /// Filed into customers and conversations.
        public var filed = 0
        /// For the Sent folder: the owner's replies that answered a conversation.
        public var answered = 0
        /// Messages marked read or moved on the server afterwards, as the owner chose.
        public var changedOnServer = 0
        /// Messages the server would not hand over, set aside after several tries.
        public var setAside = 0
        /// The highest UID durably stored, after this fetch.
        public var highWaterMark: UInt32 = 0
        /// Why the folder is not read at all (it holds something other than customers' mail).
        public var notRead: String?
        /// Why the folder could not be read, when it could not.
        public var error: String?

        public init(folder: String) { self.folder = folder }
    }

    public var mailboxID: String
    public var folders: [Folder] = []
    /// Why the mailbox could not be read at all (wrong password, TLS refused, …), when it could not.
    public var error: String?

    public init(mailboxID: String) { self.mailboxID = mailboxID }

    /// Messages new and stored, over all folders.
    public var stored: Int { folders.reduce(0) { $0 + $1.stored } }
    public var fetched: Int { folders.reduce(0) { $0 + $1.fetched } }
    public var duplicates: Int { folders.reduce(0) { $0 + $1.duplicates } }
    public var quarantined: Int { folders.reduce(0) { $0 + $1.quarantined } }
    public var filed: Int { folders.reduce(0) { $0 + $1.filed } }
}

/// How far the reading of one folder has come: `read` of the `total` messages that were above its
/// high-water mark when this fetch began.
public struct MailboxFetchProgress: Sendable, Equatable {
    public var folder: String
    public var read: Int
    public var total: Int
}
