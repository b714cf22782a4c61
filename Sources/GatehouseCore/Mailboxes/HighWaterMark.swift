/// How far the high-water mark of a folder may move after a chunk of messages was handled:
/// up to the last UID before the first one still unsettled, so a message that could not be
/// fetched this time is fetched again next time, and nothing above it is skipped.
public enum HighWaterMark {
    /// The new mark, from the old one, the chunk's UIDs and those of them now settled (stored,
    /// recognised as already stored, or set aside in quarantine).
    public static func advance(from mark: UInt32, chunk: [UInt32], settled: Set<UInt32>) -> UInt32 {
        var result = mark
        for uid in chunk.sorted() where uid > mark {
            guard settled.contains(uid) else { break }
            result = uid
        }
        return result
    }
}
