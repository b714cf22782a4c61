/// The owner's customer-relationship policy: how the business works with its
/// customers, as written in the policy file (see the policy guide, Resources/Guide/policy.md in GatehouseWeb).
///
/// A `Policy` is always valid: it can only be made by `Policy.read(yaml:)`,
/// which reports every problem in the file, or by code that builds valid parts.
public struct Policy: Sendable {
    /// Who the business is and where its clock hangs.
    public var business: Business
    /// The usual opening hours, week by week.
    public var hours: WeeklyHours
    /// Days closed or with special hours, overriding the weekly hours.
    public var closures: [Closure]
    /// When messages are answered, in batches.
    public var responseWindows: ResponseWindows
    /// The shape of the owner's day.
    public var day: DayShape
    /// Which ways in customers may use.
    public var channels: Channels
    /// What the owner counts as urgent and how urgent matters reach them.
    public var urgent: UrgentPolicy
    /// What the business offers, at what price.
    public var services: [Service]
    /// What each plan's fee buys.
    public var plans: [Plan]
    /// Partners customers are referred to for work outside the business's scope.
    public var referrals: [Referral]
    /// The messages sent on the owner's behalf, by name.
    public var templates: [TemplateName: ReplyTemplate]
    /// What customers may book themselves.
    public var booking = BookingRules()

    /// The plan an unknown or new customer is on: the one marked `default`, else the first.
    public var defaultPlan: Plan {
        plans.first(where: \.isDefault) ?? plans[0]
    }

    /// The plan with this id, if the policy has one.
    public func plan(id: String) -> Plan? { plans.first { $0.id == id } }

    /// The template to use for `name`: the owner's, or the kind default.
    public func template(_ name: TemplateName) -> ReplyTemplate {
        templates[name] ?? ReplyTemplate.defaultTemplate(name)
    }

    /// How every message to a customer is signed: the owner's name and the business's.
    public var signature: Signature { Signature(owner: business.owner, business: business.name) }

    /// The message `name` for a customer, filled with `values`, its paragraphs reflowed and
    /// signed once by `signature` (messages to the owner and the time-box opener are not signed).
    public func message(_ name: TemplateName, _ values: [String: String]) -> String {
        message(template(name), name, values)
    }

    /// `template` (the owner's own text for `name`, or another they wrote) filled and signed as `name` is.
    public func message(_ template: ReplyTemplate, _ name: TemplateName, _ values: [String: String]) -> String {
        let text = template.render(values)
        return name.isSigned ? signature.signing(text) : text
    }
}

/// Who the business is.
public struct Business: Sendable, Equatable {
    public var name: String
    /// Who signs the business's messages ("Alex Rivera"), when the policy names them (`owner:`).
    public var owner: String?
    /// The IANA time zone all wall-clock times in the policy are read in.
    public var timeZoneIdentifier: String

    /// The time zone's city as customers read it: "New York" for America/New_York.
    public var zoneCity: String {
        (timeZoneIdentifier.split(separator: "/").last.map(String.init) ?? timeZoneIdentifier).replacingUnderscores
    }
    public var email: String?
    public var phone: String?
    public var website: String?
    /// ISO 4217 currency of every price (default `USD`).
    public var currency: String
    /// How dates, times and money are written (`locale:`; when the policy names none, the
    /// usual one for its currency: `en-US` for USD, `en-GB` for GBP, `en-IE` for EUR).
    public var locale: BusinessLocale

    public init(name: String, timeZoneIdentifier: String, email: String? = nil, phone: String? = nil,
                website: String? = nil, currency: String = "USD", locale: BusinessLocale? = nil, owner: String? = nil) {
        self.name = name
        self.owner = owner
        self.timeZoneIdentifier = timeZoneIdentifier
        self.email = email
        self.phone = phone
        self.website = website
        self.currency = currency
        self.locale = locale ?? BusinessLocale.guess(currency: currency)
    }

    /// An amount as this business writes it, with its cents: "$1,234.50", "1.234,50 €".
    public func money(_ cents: Int64) -> String { locale.money(cents: cents, currency: currency) }

    /// A price as this business quotes it: "$49", "$49.50", "49 €".
    public func price(_ cents: Int64) -> String { locale.price(cents: cents, currency: currency) }

    /// A policy price as this business quotes it: "$49/month", "$120/hour", "on quote".
    public func price(_ price: Price) -> String {
        switch price {
        case .quote: return "on quote"
        case .amount(let cents, let unit): return self.price(cents) + (unit.map { "/" + $0 } ?? "")
        }
    }
}

/// A stretch of a day during which the business is open, in local minutes
/// after midnight. `end` may exceed 1440: the interval then runs overnight
/// into the next day, and still belongs to the day it starts on.
public struct OpeningInterval: Hashable, Sendable, CustomStringConvertible {
    /// Minutes after local midnight, 0 ..< 1440.
    public var start: Int
    /// Minutes after the same midnight, start < end ≤ start + 1440.
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Whether the interval runs past midnight into the next day.
    public var isOvernight: Bool { end > 1440 }

    /// The interval's length.
    public var length: TimeSpan { .minutes(Int64(end - start)) }

    /// `08:00-12:00`, as a policy writes it.
    public var description: String {
        ClockTime.text(start) + "-" + ClockTime.text(end == 1440 ? 1440 : end % 1440)
    }
}

/// The opening hours of each weekday.
public struct WeeklyHours: Sendable, Equatable {
    /// Intervals for each weekday, sorted, indexed by `Weekday.rawValue`.
    public var days: [[OpeningInterval]]

    /// Hours with every day closed.
    public init() { days = Array(repeating: [], count: 7) }

    public subscript(day: Weekday) -> [OpeningInterval] {
        get { days[day.rawValue] }
        set { days[day.rawValue] = newValue }
    }

    /// Open time in a whole week.
    public var weeklyOpenTime: TimeSpan {
        TimeSpan(seconds: days.joined().reduce(0) { $0 + Int64($1.end - $1.start) * 60 })
    }
}

/// A date or range of dates on which the weekly hours do not apply.
public struct Closure: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Closed all day, with the reason when the owner gave one ("Christmas").
        case closed(reason: String?)
        /// Open only during these intervals.
        case specialHours([OpeningInterval])
    }

    public var first: CivilDate
    public var last: CivilDate
    public var kind: Kind

    public init(first: CivilDate, last: CivilDate, kind: Kind) {
        self.first = first
        self.last = last
        self.kind = kind
    }

    /// The intervals that start on a date the closure covers.
    public var intervals: [OpeningInterval] {
        if case .specialHours(let intervals) = kind { return intervals }
        return []
    }
}

/// When messages are answered: windows at fixed local times, in batches.
public struct ResponseWindows: Sendable, Equatable {
    /// Local start times, minutes after midnight, ascending. Empty: no batching.
    public var starts: [Int]
    /// How long each window lasts.
    public var length: TimeSpan
    /// The least real time between a message and its (non-urgent) reply.
    public var minimumReplyDelay: TimeSpan

    public init(starts: [Int], length: TimeSpan, minimumReplyDelay: TimeSpan) {
        self.starts = starts
        self.length = length
        self.minimumReplyDelay = minimumReplyDelay
    }

    /// No windows: replies may go out at any open time.
    public static let none = ResponseWindows(starts: [], length: .minutes(30), minimumReplyDelay: .zero)
}

/// The shape of the owner's day.
public struct DayShape: Sendable, Equatable {
    /// Time kept free every working day for emergencies.
    public var emergencyBuffer: TimeSpan
    /// Blocks of local time kept for focused work.
    public var focus: [OpeningInterval]
    /// The most time of calls and meetings in a day, if the owner set a limit.
    public var maxMeetingTime: TimeSpan?
}

/// The ways a customer can reach the business.
public enum Channel: String, CaseIterable, Sendable {
    case email
    case webForm = "web_form"
    case phone
    case sms
    case chat

    /// How the channel is named to people.
    public var displayName: String {
        switch self {
        case .email: "email"
        case .webForm: "the contact form"
        case .phone: "phone"
        case .sms: "text message"
        case .chat: "chat"
        }
    }
}

/// Whether the business answers on a channel.
public enum ChannelStatus: String, Sendable {
    case accepted
    case urgentOnly = "urgent-only"
    case notAccepted = "not-accepted"
}

/// What the owner says about one channel.
public struct ChannelRule: Sendable, Equatable {
    public var status: ChannelStatus
    /// What to tell someone who writes on a channel that is not accepted.
    public var redirect: String?
}

/// The rule for every channel.
public struct Channels: Sendable, Equatable {
    public var rules: [Channel: ChannelRule]

    public subscript(channel: Channel) -> ChannelRule {
        rules[channel] ?? ChannelRule(status: .notAccepted, redirect: nil)
    }
}

/// A price: an amount per unit, or "on quote".
public enum Price: Sendable, Equatable, CustomStringConvertible {
    case quote
    /// Amount in cents, per unit (`hour`, `job`, `month`, …) when there is one.
    case amount(cents: Int64, per: String?)

    public var description: String {
        switch self {
        case .quote: return "quote"
        case .amount(let cents, let unit):
            let whole = "\(cents / 100)" + (cents % 100 == 0 ? "" : "." + pad(Int(cents % 100), 2))
            return unit.map { whole + "/" + $0 } ?? whole
        }
    }
}

/// A service the business offers.
public struct Service: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var price: Price
    /// What the service covers: the words used to spot in-scope requests.
    public var covers: [String]
    /// What it explicitly does not cover.
    public var excludes: [String]
}

/// How soon a plan promises the first response.
public enum FirstResponse: Sendable, Equatable, CustomStringConvertible {
    /// By the end of the Nth full business day after the message (see the policy guide, Resources/Guide/policy.md in GatehouseWeb).
    case businessDays(Int)
    /// Within this much open time.
    case businessTime(TimeSpan)

    public var description: String {
        switch self {
        case .businessDays(let days): return days == 1 ? "1 business day" : "\(days) business days"
        case .businessTime(let span):
            let hours = span.seconds / 3600
            let minutes = (span.seconds % 3600) / 60
            if minutes == 0 { return hours == 1 ? "1 business hour" : "\(hours) business hours" }
            return span.spokenDescription + " of business time"
        }
    }
}

/// What a customer's fee buys.
public struct Plan: Sendable, Equatable {
    public var id: String
    public var name: String
    public var fee: Price
    public var firstResponse: FirstResponse
    /// Owner's time included each month, if any.
    public var monthlyAllowance: TimeSpan?
    /// Whether the plan's customers may use the urgent route.
    public var urgentAccess: Bool
    /// The usual length of a call or meeting.
    public var meetingLength: TimeSpan
    /// Services included in the plan (ids).
    public var services: [String]
    /// Whether new customers start on this plan.
    public var isDefault: Bool
}

/// A partner the owner refers work to.
public struct Referral: Sendable, Equatable {
    public var name: String
    public var topics: [String]
    public var contact: String?
    public var note: String?
}
