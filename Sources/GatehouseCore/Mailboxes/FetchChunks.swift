/// How the messages above a folder's high-water mark are cut into chunks, each fetched in one
/// round trip and stored in one transaction: at most `maxCount` messages and, but for a single
/// message larger than that on its own, at most `maxBytes`, so memory stays bounded however big
/// the mailbox or its messages are.
public enum FetchChunks {
    /// The chunks, in UID order, from each message's UID and size in bytes.
    public static func plan(_ messages: [(uid: UInt32, size: Int)], maxCount: Int = 100, maxBytes: Int = 16 * 1024 * 1024) -> [[UInt32]] {
        var chunks: [[UInt32]] = []
        var current: [UInt32] = []
        var bytes = 0
        for message in messages.sorted(by: { $0.uid < $1.uid }) {
            if !current.isEmpty, current.count >= maxCount || bytes + message.size > maxBytes {
                chunks.append(current)
                current = []
                bytes = 0
            }
            current.append(message.uid)
            bytes += max(0, message.size)
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}
