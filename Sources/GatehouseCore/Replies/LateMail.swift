/// Mail that could not leave when it should have — the mail server failing for a long time, or
/// the desk not running — is not handed over unseen when sending comes back: what was true when
/// it was written may not be now (a promise passed, a time offered gone). Pure; the reason is
/// the note the owner reads on the outbox page.
public enum LateMail {
    /// How late an email may be and still go on its own.
    public static let limit = TimeSpan.hours(1)

    /// Why an email about to be handed to the mail server waits for the owner instead, or nil
    /// when it may go: `dueAt` is when it was to leave (this try's time), `failingFor` how long
    /// the tries before this one had already been failing.
    public static func reason(dueAt: Instant, failingFor: TimeSpan, now: Instant) -> String? {
        func minutes(_ span: TimeSpan) -> String { TimeSpan(seconds: span.seconds / 60 * 60).spokenDescription }
        if failingFor > limit {
            return "waiting for your review: the mail server could not take it for \(minutes(failingFor))"
        }
        let late = now - dueAt
        if late > limit {
            return "waiting for your review: it was due \(minutes(late)) ago and the desk could not send it then"
        }
        return nil
    }
}
