/// How the month's appointments went as time with customers: sessions begun on time (within five
/// minutes of the booked start), sessions kept within their time box, and each customer's booked
/// time against the time the sessions took. Pure.
public struct QualityTime: Sendable, Equatable {
    /// One booked appointment of the month, and the session held for it (if any).
    public struct Booking: Sendable, Equatable {
        public var customerID: Customer.ID
        public var customerName: String
        public var start: Instant
        public var length: TimeSpan
        /// When the session really began and ended (nil when none was held, or it has not ended).
        public var began: Instant?
        public var ended: Instant?
        /// The session's time box.
        public var box: TimeSpan?

        public init(customerID: Customer.ID, customerName: String, start: Instant, length: TimeSpan, began: Instant? = nil,
                    ended: Instant? = nil, box: TimeSpan? = nil) {
            self.customerID = customerID
            self.customerName = customerName
            self.start = start
            self.length = length
            self.began = began
            self.ended = ended
            self.box = box
        }
    }

    /// One customer's booked time against what their sessions took.
    public struct CustomerLine: Sendable, Equatable {
        public var customerID: Customer.ID
        public var name: String
        public var booked: TimeSpan
        public var used: TimeSpan
        /// "2 bookings, 1 hour 20 minutes booked, 1 hour 5 minutes used".
        public var words: String
    }

    /// How late a session may begin and still count as on time.
    public static let onTimeGrace = TimeSpan.minutes(5)

    /// Sessions held for a booking, those begun on time, and those ended within their box.
    public var held: Int
    public var onTime: Int
    public var ended: Int
    public var withinBox: Int
    public var customers: [CustomerLine]
    /// "3 of 4 sessions began on time (75%); 4 of 4 ended within their time box (100%)", or that none were held.
    public var words: String

    public static func of(_ bookings: [Booking]) -> QualityTime {
        let held = bookings.filter { $0.began != nil }
        let onTime = held.filter { $0.began! <= $0.start + onTimeGrace }.count
        let ended = held.filter { $0.ended != nil }
        let withinBox = ended.filter { $0.ended! - $0.began! <= ($0.box ?? $0.length) }.count
        var lines: [Customer.ID: CustomerLine] = [:]
        var order: [Customer.ID] = []
        var counts: [Customer.ID: Int] = [:]
        for booking in bookings {
            if lines[booking.customerID] == nil {
                order.append(booking.customerID)
                lines[booking.customerID] = CustomerLine(customerID: booking.customerID, name: booking.customerName,
                                                         booked: .zero, used: .zero, words: "")
            }
            counts[booking.customerID, default: 0] += 1
            lines[booking.customerID]!.booked = lines[booking.customerID]!.booked + booking.length
            if let began = booking.began, let end = booking.ended {
                lines[booking.customerID]!.used = lines[booking.customerID]!.used + (end - began)
            }
        }
        let customers = order.map { id -> CustomerLine in
            var line = lines[id]!
            let count = counts[id] ?? 0
            line.words = "\(count) booking\(count == 1 ? "" : "s"), \(line.booked.spokenDescription) booked, "
                + (line.used.seconds == 0 ? "none used yet" : "\(line.used.spokenDescription) used")
            return line
        }.sorted { ($0.booked.seconds, $0.name) > ($1.booked.seconds, $1.name) }
        let words: String
        if held.isEmpty {
            words = bookings.isEmpty ? "No appointments were booked this month"
                : "No session was started from this month's \(bookings.count) booked appointment\(bookings.count == 1 ? "" : "s") yet"
        } else {
            words = "\(onTime) of \(held.count) sessions began on time (\(percent(onTime, held.count))); "
                + "\(withinBox) of \(ended.count) ended within their time box (\(percent(withinBox, ended.count)))"
        }
        return QualityTime(held: held.count, onTime: onTime, ended: ended.count, withinBox: withinBox, customers: customers,
                           words: words)
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "–" : "\(Int((Double(part) * 100 / Double(whole)).rounded()))%"
    }
}
