extension Promise {
    /// The promise a conversation keeps when a new message in it earns `new` and it already
    /// promised `standing`: the earliest stands, so a follow-up never moves the customer's
    /// answer later (nor earlier than what they were told, when `new` is earlier it is a
    /// better promise and is kept). Returns the answer's time with the reason.
    public static func standing(_ standing: Instant?, new: Instant?) -> (due: Instant?, reason: String?) {
        switch (standing, new) {
        case let (old?, new?) where old <= new:
            return (old, "the answer promised earlier in this conversation stands; a follow-up does not move it later")
        case let (_, new?):
            return (new, nil)
        case let (old?, nil):
            return (old, "the answer promised earlier in this conversation stands")
        case (nil, nil):
            return (nil, nil)
        }
    }

    /// The earliest of several promises, ignoring those that were never made.
    public static func earliest(_ promises: [Instant?]) -> Instant? {
        promises.compactMap { $0 }.min()
    }
}
