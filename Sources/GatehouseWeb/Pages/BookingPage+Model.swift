import GatehouseCore

/// What the booking pages show: the kinds on offer, a kind's free slots by day with the form, and
/// the booking made. Times are the business's own, named by its city.
extension BookingPage {
    struct Kind: Equatable {
        var id, name, length, place: String
        var href: String
        /// Why a visitor the desk does not know may not book it; nil when they may.
        var refusal: String?
    }

    struct Kinds: Equatable {
        var title: String
        var business, slug: String
        var kinds: [Kind]
        var hasKinds: Bool
        /// Who a customer known by their link books as ("Olga Berg, on the Care plan").
        var knownAs: String?
    }

    struct Slot: Equatable {
        var value, label: String
        var checked: Bool
    }

    struct Day: Equatable {
        var label: String
        var slots: [Slot]
    }

    /// A booking past the plan's allowance: what the extra costs, asked before it is booked, and
    /// the first free time next month instead.
    struct Extra: Equatable {
        var words: String
        var amount: String
        var nextMonth: Slot?
    }

    struct Form: Equatable {
        var title: String
        var business, slug, zone: String
        /// The business's zone and locale, for showing each time in the visitor's own zone too.
        var zoneID, locale: String
        var assets = DeskAssets.version
        var kind: Kind
        var agendaQuestion: String
        var needsAddress: Bool
        var days: [Day]
        var hasSlots: Bool
        /// The pages of times before and after these days.
        var laterHref, earlierHref: String?
        var reasons: [String]
        var formToken: String
        /// The customer's link (`for`), carried with the form; and who they book as.
        var link: String?
        var knownAs: String?
        var extra: Extra?
        var name = "", email = "", phone = "", address = "", agenda = ""
        var nameError, emailError, phoneError, addressError, agendaError, startError: String?
        var problems: [String]
        var hasProblems: Bool
    }

    struct Booked: Equatable {
        var title: String
        var business, slug: String
        var kindName, when, length, place: String
        var agenda: String?
        /// Where the confirmation went.
        var email: String
        /// The customer's own page for this booking, and until when they may change it there.
        var manageHref: String
        var changeUntil: String
        var firstName: String
    }

    /// The days of `offer` that have slots, from `from` (the first day with slots when nil), the
    /// first `days` of them, each slot a radio value (ISO 8601) and a label on the business's
    /// clock; and the day the next page of times starts on, when there are more.
    static func days(_ offer: SlotOffer, calendar: BusinessCalendar, days limit: Int, from: CivilDate? = nil,
                     chosen: String?) -> (days: [Day], next: CivilDate?) {
        var days: [Day] = []
        var current: CivilDate?
        for slot in offer.slots {
            let date = calendar.localTime(of: slot.start).date
            if let from, date < from { continue }
            if date != current {
                if days.count == limit { return (days, date) }
                days.append(Day(label: calendar.locale.day(date), slots: []))
                current = date
            }
            let value = calendar.iso8601(slot.start)
            days[days.count - 1].slots.append(Slot(value: value, label: calendar.clock(slot.start) + "–" + calendar.clock(slot.end),
                                                   checked: value == chosen))
        }
        return (days, nil)
    }
}
