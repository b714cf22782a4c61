import Foundation

/// A call, meeting or site visit on the owner's day.
public struct Appointment: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case call, meeting
        case siteVisit = "site_visit"

        /// The kind in words: "Call", "Meeting", "Site visit".
        public var label: String {
            switch self {
            case .call: "Call"
            case .meeting: "Meeting"
            case .siteVisit: "Site visit"
            }
        }
    }

    public enum Status: String, Sendable, Equatable { case booked, cancelled }

    public var id: String
    /// The customer it is with, when it is with one of the workspace's customers.
    public var customerID: Customer.ID?
    public var kind: Kind
    /// What it is in a few words ("Call with Maria Lopez").
    public var title: String
    public var startsAt: Int64
    public var endsAt: Int64
    /// Where it happens: an address, a phone number or a meeting link.
    public var place: String
    public var agenda: String
    /// Why the owner booked it over a focus block, the buffer or closed hours.
    public var overrideReason: String?
    /// What it was booked over, in words; empty when nothing.
    public var collisions: [String]
    public var status: Status
    public var createdAt: Int64
    public var updatedAt: Int64
    /// The policy's bookable kind, when a customer booked it themselves; nil when the owner entered it.
    public var bookingKind: String?
    /// The conversation its emails go in, for a booking a customer made.
    public var conversationID: Conversation.ID?
    /// The address the customer gave when booking, where its emails go.
    public var contactEmail: String?
    /// Its invitation's SEQUENCE: 0 when booked, one more each time it is moved or cancelled.
    public var sequence: Int
    /// Who cancelled it ("customer", "owner:<id>"), when it is cancelled.
    public var cancelledBy: String?
    /// The customer cancelled it inside the policy's cancellation notice.
    public var cancelledLate: Bool

    public var length: TimeSpan { TimeSpan(seconds: endsAt - startsAt) }

    public init(id: String, customerID: Customer.ID? = nil, kind: Kind, title: String, startsAt: Int64, endsAt: Int64, place: String, agenda: String, overrideReason: String? = nil, collisions: [String], status: Status, createdAt: Int64, updatedAt: Int64, bookingKind: String? = nil,
                conversationID: Conversation.ID? = nil, contactEmail: String? = nil, sequence: Int = 0, cancelledBy: String? = nil, cancelledLate: Bool = false) {
        self.id = id
        self.customerID = customerID
        self.kind = kind
        self.title = title
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.place = place
        self.agenda = agenda
        self.overrideReason = overrideReason
        self.collisions = collisions
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.bookingKind = bookingKind
        self.conversationID = conversationID
        self.contactEmail = contactEmail
        self.sequence = sequence
        self.cancelledBy = cancelledBy
        self.cancelledLate = cancelledLate
    }

    /// The appointment as the free slots see it.
    public var bookedTime: BookedTime {
        BookedTime(start: Instant(secondsSince1970: startsAt), end: Instant(secondsSince1970: endsAt), kindID: bookingKind,
                   label: title)
    }
}

/// What a new appointment says, before it is checked.
public struct AppointmentDraft: Sendable, Equatable {
    public var customerID: Customer.ID?
    public var kind: Appointment.Kind
    public var title: String
    public var startsAt: Int64
    public var endsAt: Int64
    public var place: String
    public var agenda: String

    public init(customerID: Customer.ID? = nil, kind: Appointment.Kind, title: String, startsAt: Int64, endsAt: Int64,
                place: String = "", agenda: String = "") {
        self.customerID = customerID
        self.kind = kind
        self.title = title
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.place = place
        self.agenda = agenda
    }
}
