extension Promise {
    /// The earliest of several promises, ignoring those that were never made.
    public static func earliest(_ promises: [Instant?]) -> Instant? {
        promises.compactMap { $0 }.min()
    }
}
