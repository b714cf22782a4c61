import Testing
@testable import GatehouseWeb

@Suite("Logs: capability tokens are taken out of logged requests")
struct RequestLogTests {
    @Test("setup, status, agreement, change-order, calendar and reset links, and secret query values, are redacted")
    func redacted() {
        typealias Log = RequestLog<DeskContext>
        #expect(Log.redacted("/setup?token=abc123") == "/setup?token=[redacted]")
        #expect(Log.redacted("/status/Zx9_secret") == "/status/[redacted]")
        #expect(Log.redacted("/agree/tok/extra") == "/agree/[redacted]/extra")
        #expect(Log.redacted("/change/tok") == "/change/[redacted]")
        #expect(Log.redacted("/calendar/feedtoken.ics") == "/calendar/[redacted]")
        #expect(Log.redacted("/reset/tok") == "/reset/[redacted]")
        #expect(Log.redacted("/inbound/email?TOKEN=gh_x&dry=1") == "/inbound/email?TOKEN=[redacted]&dry=1")
        #expect(Log.redacted("/conversations/c1?done=reply") == "/conversations/c1?done=reply")
        #expect(Log.redacted("/api/v1/customers?search=status") == "/api/v1/customers?search=status")
    }
}
