/// How long a mailbox waits before the next try after failures in a row: one minute, doubled
/// each time, at most an hour. A mailbox is never switched off by failures: it keeps trying,
/// and the owner sees the last error.
public enum MailboxBackoff {
    /// The wait after `failures` failures in a row (none after none), with the reason.
    public static func wait(afterFailures failures: Int) -> (span: TimeSpan, reason: String) {
        guard failures > 0 else { return (.zero, "no failure: the next fetch is on time") }
        let minutes = Int64(1) << Int64(min(failures - 1, 6))
        let span = TimeSpan.minutes(min(minutes, 60))
        return (span, "\(failures) failure\(failures == 1 ? "" : "s") in a row: the next try is in \(span.seconds / 60) minute"
                    + (span.seconds == 60 ? "" : "s") + " (the wait doubles each time, at most an hour; the mailbox is never switched off)")
    }
}
