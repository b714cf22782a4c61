/// What customers may book themselves, from the policy's `booking` section: the kinds of
/// appointment on offer, and the time held back for urgent matters until the day before.
public struct BookingRules: Sendable, Equatable {
    /// The kinds of appointment customers may book (none: the booking page is not offered).
    public var kinds: [BookableKind]
    /// A further reserve each open day, beyond the emergency buffer (which is never offered): held
    /// back from the day's latest free time for urgent matters and plans with urgent access until
    /// `releaseAt` on the day before, then offered to everyone.
    public var reserve: TimeSpan
    /// When the reserve is released, in minutes after midnight of the day before (16:00 → 960).
    public var releaseAt: Int
    /// How long before an appointment a customer may still move or cancel it themselves.
    public var cancellationNotice: TimeSpan
    /// How long before a booked appointment the customer is reminded of it, longest first (none: no reminders).
    public var reminders: [TimeSpan]
    /// Whether acknowledgements offer the booking page (the `booking_link` line), with a link that
    /// knows the customer.
    public var inAcknowledgement: Bool

    public init(kinds: [BookableKind] = [], reserve: TimeSpan = .zero, releaseAt: Int = 16 * 60,
                cancellationNotice: TimeSpan = .hours(24), reminders: [TimeSpan] = [.hours(24)],
                inAcknowledgement: Bool = false) {
        self.kinds = kinds
        self.reserve = reserve
        self.releaseAt = releaseAt
        self.cancellationNotice = cancellationNotice
        self.reminders = reminders
        self.inAcknowledgement = inAcknowledgement
    }

    /// The kind with this id, if the policy offers one.
    public func kind(id: String) -> BookableKind? { kinds.first { $0.id == id } }
}

/// One kind of appointment customers may book: "20-minute call", "site visit (60 minutes)".
public struct BookableKind: Sendable, Equatable {
    /// Where it happens.
    public enum Place: String, Sendable, Equatable, CaseIterable {
        case phone
        case video
        /// At the customer's address (a site visit): they give it when booking.
        case customerAddress = "customer_address"
        /// At the business's own office.
        case office

        public var words: String {
            switch self {
            case .phone: "by phone"
            case .video: "by video link"
            case .customerAddress: "at your address"
            case .office: "at our office"
            }
        }
    }

    /// Who may book it.
    public enum Audience: Sendable, Equatable {
        case everyone
        /// Customers the desk already knows (by their signed link).
        case existingCustomers
        /// Customers on these plans (by id).
        case plans([String])
    }

    public var id: String
    public var name: String
    /// The appointment itself: the time box the customer is told.
    public var length: TimeSpan
    /// Kept free before and after it (travel, notes), never offered to anyone else.
    public var bufferBefore: TimeSpan
    public var bufferAfter: TimeSpan
    public var place: Place
    public var audience: Audience
    /// The least time from booking to the start, counted in open hours (a Friday-evening booking
    /// with 4 hours' notice is for Monday, not Saturday morning).
    public var notice: TimeSpan
    /// How many days ahead it may be booked.
    public var daysAhead: Int
    /// At most this many of this kind a day, and a week (Monday to Sunday); nil: no cap.
    public var perDay: Int?
    public var perWeek: Int?
    /// The question the customer answers when booking ("What would you like us to cover?").
    public var agendaQuestion: String
    /// For a visit: the towns or postcodes it covers; the customer's address must name one of
    /// them (empty: anywhere).
    public var area: [String] = []

    /// The area in words: "Chicago, Evanston and Skokie".
    public var areaWords: String { spokenList(area) }

    /// Whether `address` is inside `area`: it names one of its places as a whole word, whatever
    /// the case ("12 Elm St, Evanston IL 60201" is in [Evanston] and in [60201]).
    public func covers(_ address: String) -> Bool {
        guard !area.isEmpty else { return true }
        let words = address.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return area.contains { place in
            let wanted = place.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            guard !wanted.isEmpty, wanted.count <= words.count else { return false }
            return (0...(words.count - wanted.count)).contains { Array(words[$0..<($0 + wanted.count)]) == wanted }
        }
    }

    public init(id: String, name: String, length: TimeSpan, bufferBefore: TimeSpan = .zero, bufferAfter: TimeSpan = .zero,
                place: Place = .phone, audience: Audience = .everyone, notice: TimeSpan = .hours(4), daysAhead: Int = 30,
                perDay: Int? = nil, perWeek: Int? = nil, agendaQuestion: String = "What would you like us to cover?") {
        self.id = id
        self.name = name
        self.length = length
        self.bufferBefore = bufferBefore
        self.bufferAfter = bufferAfter
        self.place = place
        self.audience = audience
        self.notice = notice
        self.daysAhead = daysAhead
        self.perDay = perDay
        self.perWeek = perWeek
        self.agendaQuestion = agendaQuestion
    }
}
