import GatehouseCore
import Testing

@Suite("Free slots: what customers may book is the owner's free day, the reserve and their plan")
struct FreeSlotsTests {
    /// Rivera Plumbing's week: Monday to Friday 08:00–17:00 in Chicago, focus until 10:30, answers
    /// at 10:30 and 15:30, an hour kept for emergencies; a 20-minute call anyone may book, a site
    /// visit with travel either side, and a design review for Care customers.
    static func policy(booking: String = "", day: String = "") throws -> Policy {
        try Policy.read(yaml: """
            business:
              name: Rivera Plumbing
              timezone: America/Chicago
            hours:
              mon-fri: 08:00-17:00
            response_windows:
              at: [10:30, 15:30]
              length: 30m
            day:
              emergency_buffer: 60m
              focus: [08:00-10:30]
            \(day)
            plans:
              - id: standard
                name: Standard
                default: true
              - id: care
                name: Care
                urgent_access: true
            booking:
              kinds:
                - id: call
                  name: 20-minute call
                  length: 20m
                  notice: 0m
                - id: visit
                  name: Site visit
                  length: 60m
                  buffer_before: 15m
                  buffer_after: 15m
                  where: customer_address
                  notice: 0m
                - id: review
                  name: Design review
                  length: 45m
                  who: [care]
                  notice: 0m
            \(booking)
            """)
    }

    static func at(_ text: String) throws -> Instant { try ISO8601.parse(text) }

    /// The slots of one local day as "HH:MM" starts.
    static func starts(_ offer: SlotOffer, on date: CivilDate, _ calendar: BusinessCalendar) -> [String] {
        offer.slots.filter { calendar.localTime(of: $0.start).date == date }
            .map { ClockTime.text(calendar.localTime(of: $0.start).minuteOfDay) }
    }

    static let monday = CivilDate(year: 2026, month: 11, day: 23)

    @Test("a 20-minute call on a Monday with focus until 10:30, windows at 10:30 and 15:30, a site visit at 12:00 with 15 minutes' travel either side and a 60-minute emergency buffer offers exactly these slots")
    func mondayCall() throws {
        let policy = try Self.policy()
        let calendar = BusinessCalendar(policy: policy)
        let visit = BookedTime(start: try Self.at("2026-11-23T12:00:00-06:00"), end: try Self.at("2026-11-23T13:00:00-06:00"),
                               kindID: "visit", label: "Site visit with Maria")
        let offer = FreeSlots.offer(kind: try #require(policy.booking.kind(id: "call")), policy: policy, calendar: calendar,
                                    booker: .stranger, now: try Self.at("2026-11-20T12:00:00-06:00"), booked: [visit])
        // Free: 11:00–11:45 (the window ends at 11:00, the visit's travel starts 11:45) and 13:15–15:30;
        // 16:00–17:00 is the emergency buffer, the latest free hour of the day.
        #expect(Self.starts(offer, on: Self.monday, calendar)
                == ["11:00", "11:15", "13:15", "13:30", "13:45", "14:00", "14:15", "14:30", "14:45", "15:00"])
        #expect(offer.refusal == nil)
        // A site visit needs its travel free too: 13:15 + 15m travel, an hour, 15m travel back by 15:30.
        let visits = FreeSlots.offer(kind: try #require(policy.booking.kind(id: "visit")), policy: policy, calendar: calendar,
                                     booker: .stranger, now: try Self.at("2026-11-20T12:00:00-06:00"), booked: [visit])
        #expect(Self.starts(visits, on: Self.monday, calendar) == ["13:30", "13:45", "14:00", "14:15"])
    }

    @Test("four hours' notice asked on a Friday at 15:00 counts the two open hours left that day and two on Monday: Monday 10:00 at the earliest, and with focus until 10:30 and the 10:30 window, the first call is at 11:00")
    func noticeAcrossTheWeekend() throws {
        var policy = try Self.policy()
        policy.booking.kinds[0].notice = .hours(4)
        let calendar = BusinessCalendar(policy: policy)
        let offer = FreeSlots.offer(kind: policy.booking.kinds[0], policy: policy, calendar: calendar, booker: .stranger,
                                    now: try Self.at("2026-11-20T15:00:00-06:00"), booked: [])
        let first = try #require(offer.slots.first)
        #expect(calendar.iso8601(first.start) == "2026-11-23T11:00:00-06:00")
        #expect(offer.reasons.first?.contains("at least 4 hours of open hours ahead: from Monday") == true, "\(offer.reasons)")
        // Without the focus block and the 10:30 window, it would be 10:00 sharp.
        let plain = try Policy.read(yaml: """
            business: {name: Rivera Plumbing, timezone: America/Chicago}
            hours: {mon-fri: 08:00-17:00}
            booking:
              kinds:
                - {id: call, name: Call, length: 20m, notice: 4h}
            """)
        let plainOffer = FreeSlots.offer(kind: plain.booking.kinds[0], policy: plain, calendar: BusinessCalendar(policy: plain),
                                         booker: .stranger, now: try Self.at("2026-11-20T15:00:00-06:00"), booked: [])
        #expect(plainOffer.slots.first.map { BusinessCalendar(policy: plain).iso8601($0.start) } == "2026-11-23T10:00:00-06:00")
    }

    @Test("a two-hour reserve is held back from the end of Monday's free time until 16:00 on Sunday; a Care customer (urgent access) and an urgent matter may book into it before then, everyone after")
    func reserveReleasedTheDayBefore() throws {
        let policy = try Self.policy(booking: "  reserve: 2h\n  reserve_released_at: 16:00")
        let calendar = BusinessCalendar(policy: policy)
        let call = try #require(policy.booking.kind(id: "call"))
        func last(_ booker: Booker, now: String) throws -> String? {
            Self.starts(FreeSlots.offer(kind: call, policy: policy, calendar: calendar, booker: booker, now: try Self.at(now),
                                        booked: []), on: Self.monday, calendar).last
        }
        // Monday is free 11:00–15:30 (the buffer 16:00–17:00): the reserve is 13:30–15:30.
        #expect(try last(.stranger, now: "2026-11-22T15:59:00-06:00") == "13:00")
        #expect(try last(Booker(plan: policy.plan(id: "standard")), now: "2026-11-22T15:59:00-06:00") == "13:00")
        #expect(try last(Booker(plan: policy.plan(id: "care")), now: "2026-11-22T15:59:00-06:00") == "15:00")
        #expect(try last(Booker(plan: policy.plan(id: "standard"), isUrgent: true), now: "2026-11-22T15:59:00-06:00") == "15:00")
        #expect(try last(.stranger, now: "2026-11-22T16:00:00-06:00") == "15:00")
        let held = FreeSlots.offer(kind: call, policy: policy, calendar: calendar, booker: .stranger,
                                   now: try Self.at("2026-11-20T12:00:00-06:00"), booked: [])
        #expect(held.reasons.contains { $0.hasPrefix("Monday") && $0.contains("2 hours is kept for urgent matters until Sunday") },
                "\(held.reasons)")
    }

    @Test("a design review is part of the Care plan: a Standard customer and a stranger are told so and offered nothing; a Care customer is offered slots")
    func planMayNotBook() throws {
        let policy = try Self.policy()
        let calendar = BusinessCalendar(policy: policy)
        let review = try #require(policy.booking.kind(id: "review"))
        let now = try Self.at("2026-11-20T12:00:00-06:00")
        let standard = FreeSlots.offer(kind: review, policy: policy, calendar: calendar,
                                       booker: Booker(plan: policy.plan(id: "standard")), now: now, booked: [])
        #expect(standard.slots.isEmpty)
        #expect(standard.refusal == "Design review is part of the Care plan, not Standard")
        let stranger = FreeSlots.offer(kind: review, policy: policy, calendar: calendar, booker: .stranger, now: now, booked: [])
        #expect(stranger.slots.isEmpty && stranger.refusal == "Design review is part of the Care plan")
        let care = FreeSlots.offer(kind: review, policy: policy, calendar: calendar, booker: Booker(plan: policy.plan(id: "care")),
                                   now: now, booked: [])
        #expect(care.refusal == nil && !care.slots.isEmpty)
    }

    @Test("on the Monday after clocks go forward the slots are still at the business's 11:00, an hour earlier in UTC")
    func daylightSaving() throws {
        let policy = try Self.policy()
        let calendar = BusinessCalendar(policy: policy)
        let call = try #require(policy.booking.kind(id: "call"))
        let before = FreeSlots.offer(kind: call, policy: policy, calendar: calendar, booker: .stranger,
                                     now: try Self.at("2027-03-05T12:00:00-06:00"), booked: [])
        let after = FreeSlots.offer(kind: call, policy: policy, calendar: calendar, booker: .stranger,
                                    now: try Self.at("2027-03-12T12:00:00-06:00"), booked: [])
        let firstBefore = try #require(before.slots.first { calendar.localTime(of: $0.start).date == CivilDate(year: 2027, month: 3, day: 8) })
        let firstAfter = try #require(after.slots.first { calendar.localTime(of: $0.start).date == CivilDate(year: 2027, month: 3, day: 15) })
        #expect(calendar.iso8601(firstBefore.start) == "2027-03-08T11:00:00-06:00")
        #expect(calendar.iso8601(firstAfter.start) == "2027-03-15T11:00:00-05:00")
        #expect(ISO8601.format(firstAfter.start, utcOffsetSeconds: 0) == "2027-03-15T16:00:00+00:00")
    }

    @Test("two calls a day at most: a Monday with two booked offers none and says so; the week's cap counts Monday to Sunday; the day's meeting-time limit counts every appointment")
    func caps() throws {
        var policy = try Self.policy(day: "  max_meeting_time: 2h")
        policy.booking.kinds[0].perDay = 2
        let calendar = BusinessCalendar(policy: policy)
        let now = try Self.at("2026-11-20T12:00:00-06:00")
        let booked = [
            BookedTime(start: try Self.at("2026-11-23T11:00:00-06:00"), end: try Self.at("2026-11-23T11:20:00-06:00"),
                       kindID: "call", label: "Call with Ana"),
            BookedTime(start: try Self.at("2026-11-23T14:00:00-06:00"), end: try Self.at("2026-11-23T14:20:00-06:00"),
                       kindID: "call", label: "Call with Tom"),
        ]
        let offer = FreeSlots.offer(kind: policy.booking.kinds[0], policy: policy, calendar: calendar, booker: .stranger,
                                    now: now, booked: booked)
        #expect(Self.starts(offer, on: Self.monday, calendar).isEmpty)
        #expect(offer.reasons.contains { $0.hasPrefix("Monday") && $0.contains("the 2 20-minute call a day are booked") })
        #expect(!Self.starts(offer, on: Self.monday.adding(days: 1), calendar).isEmpty, "Tuesday is open again")

        policy.booking.kinds[0].perDay = nil
        policy.booking.kinds[0].perWeek = 2
        let weekly = FreeSlots.offer(kind: policy.booking.kinds[0], policy: policy, calendar: calendar, booker: .stranger,
                                     now: now, booked: booked)
        #expect(Self.starts(weekly, on: Self.monday.adding(days: 4), calendar).isEmpty, "Friday is in the same week")
        #expect(!Self.starts(weekly, on: Self.monday.adding(days: 7), calendar).isEmpty, "the next Monday is a new week")

        // An hour-and-three-quarters of the owner's own meetings leave no room for 20 more minutes under 2 hours.
        policy.booking.kinds[0].perWeek = nil
        let meeting = BookedTime(start: try Self.at("2026-11-24T13:15:00-06:00"), end: try Self.at("2026-11-24T15:00:00-06:00"),
                                 label: "Supplier meeting")
        let limited = FreeSlots.offer(kind: policy.booking.kinds[0], policy: policy, calendar: calendar, booker: .stranger,
                                      now: now, booked: [meeting])
        #expect(Self.starts(limited, on: Self.monday.adding(days: 1), calendar).isEmpty)
        #expect(limited.reasons.contains { $0.contains("2 hours of meetings would be exceeded") }, "\(limited.reasons)")
    }

    @Test("no slot in the past or nearer than the notice, none past the days ahead, none on a closed day")
    func horizon() throws {
        var policy = try Self.policy()
        policy.booking.kinds[0].daysAhead = 3
        let calendar = BusinessCalendar(policy: policy)
        let now = try Self.at("2026-11-23T13:05:00-06:00")
        let offer = FreeSlots.offer(kind: policy.booking.kinds[0], policy: policy, calendar: calendar, booker: .stranger,
                                    now: now, booked: [])
        #expect(offer.slots.allSatisfy { $0.start >= now })
        #expect(calendar.iso8601(try #require(offer.slots.first).start) == "2026-11-23T13:15:00-06:00")
        let days = Set(offer.slots.map { calendar.localTime(of: $0.start).date })
        #expect(days == [Self.monday, Self.monday.adding(days: 1), Self.monday.adding(days: 2), Self.monday.adding(days: 3)])
    }

    @Test("the policy's booking section is read with every problem at its line: an unknown plan, a place that is not one, a kind without a length")
    func policyProblems() throws {
        do {
            _ = try Policy.read(yaml: """
                business: {name: Rivera Plumbing, timezone: America/Chicago}
                hours: {mon-fri: 08:00-17:00}
                plans:
                  - id: care
                booking:
                  reserve_released_at: teatime
                  reminders: [400h]
                  kinds:
                    - {id: call, length: 20m, who: [gold], area: [Evanston]}
                    - {id: visit, length: 1h, where: the moon}
                    - {id: chat}
                """)
            Issue.record("the policy was read")
        } catch {
            let messages = error.diagnostics.map { "\($0.line): \($0.message)" }
            #expect(messages.contains { $0.hasPrefix("6: 'teatime' is not a time of day") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("7: a reminder 400 hours before is too early") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("9: booking.kinds.call.who names 'gold'") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("9: booking.kinds.call.area only applies where: customer_address") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("10: 'the moon' is not a place") }, "\(messages)")
            #expect(messages.contains { $0.hasPrefix("11: missing required key 'length'") }, "\(messages)")
        }
        let policy = try Self.policy()
        #expect(policy.booking.kinds.map(\.id) == ["call", "visit", "review"])
        #expect(policy.booking.kind(id: "visit")?.place == .customerAddress)
        #expect(policy.booking.kind(id: "review")?.audience == .plans(["care"]))
        #expect(policy.booking.cancellationNotice == .hours(24) && policy.booking.releaseAt == 16 * 60)
        #expect(policy.booking.reminders == [.hours(24)] && !policy.booking.inAcknowledgement, "the defaults")
        let chosen = try Self.policy(booking: "  reminders: [1h, 48h]\n  in_acknowledgement: true")
        #expect(chosen.booking.reminders == [.hours(48), .hours(1)] && chosen.booking.inAcknowledgement)
        #expect(try Self.policy(booking: "  reminders: none").booking.reminders.isEmpty)
    }
}
