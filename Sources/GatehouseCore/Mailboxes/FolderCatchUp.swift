/// What Gatehouse remembers of a folder on the owner's mail server.
public struct RememberedFolder: Sendable, Equatable {
    /// The folder's UIDVALIDITY when it was last read; nil before the first read.
    public var uidValidity: UInt32?
    /// The highest UID whose message is durably stored (or set aside in quarantine).
    public var highestStoredUID: UInt32

    public init(uidValidity: UInt32?, highestStoredUID: UInt32) {
        self.uidValidity = uidValidity
        self.highestStoredUID = highestStoredUID
    }
}

/// Where a folder is to be read from this time, and why. Everything above the high-water mark
/// is read, whatever another device did to its `\Seen` flag; no window of "the last n" or
/// "since yesterday", so a desk that was off for a month catches up all the same.
public struct FolderCatchUp: Sendable, Equatable {
    /// Read the messages whose UID is above this.
    public var readAbove: UInt32
    /// Whether anything new can be there at all.
    public var hasWork: Bool
    /// Whether what was remembered no longer holds (the folder was renumbered), so the high-water
    /// mark starts again from nothing under the new UIDVALIDITY.
    public var startsOver: Bool
    /// The UIDVALIDITY to remember with the new high-water mark.
    public var uidValidity: UInt32
    /// The decision in plain words.
    public var reasons: [String]

    /// The catch-up for a folder, from what is remembered and what the server said on opening it.
    public static func decide(remembered: RememberedFolder, serverUIDValidity: UInt32, serverUIDNext: UInt32?) -> FolderCatchUp {
        guard let known = remembered.uidValidity else {
            return FolderCatchUp(readAbove: 0, hasWork: serverUIDNext != 1, startsOver: false, uidValidity: serverUIDValidity,
                                 reasons: ["first read of this folder: every message in it is read, whether marked read or not"])
        }
        if known != serverUIDValidity {
            return FolderCatchUp(readAbove: 0, hasWork: true, startsOver: true, uidValidity: serverUIDValidity, reasons: [
                "the server renumbered this folder (UIDVALIDITY \(known) became \(serverUIDValidity)): every message is read again",
                "messages already stored are recognised (same Message-ID and same content) and not filed twice",
            ])
        }
        let mark = remembered.highestStoredUID
        if let next = serverUIDNext, UInt64(next) <= UInt64(mark) + 1 {
            return FolderCatchUp(readAbove: mark, hasWork: false, startsOver: false, uidValidity: known,
                                 reasons: ["nothing new: every message up to UID \(mark) is stored and the next will be \(next)"])
        }
        return FolderCatchUp(readAbove: mark, hasWork: true, startsOver: false, uidValidity: known,
                             reasons: ["messages above UID \(mark), the highest one stored, are read, whether marked read or not"])
    }
}
