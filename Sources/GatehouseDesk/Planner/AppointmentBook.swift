import GatehouseCore
import GatehouseStore

/// An appointment the day had no room for: what it runs into, in local time.
public struct AppointmentRefused: Error, Sendable, Equatable {
    public var check: AppointmentCheck
    /// "it overlaps the focus block 08:00–10:30. Choose another time, or give a reason to book it anyway."
    public var message: String { check.refusal ?? "" }
}

/// Booking the owner's calls, meetings and site visits: each is checked against the day's plan
/// (open hours, focus blocks, the emergency buffer, the other appointments) and booked, refused,
/// or booked anyway with the owner's reason.
public struct AppointmentBook: Sendable {
    let database: Database
    let workspace: Workspace

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    var appointments: Appointments { Appointments(database: database, workspaceID: workspace.id) }

    /// The plan of a local date with its booked appointments (without `except`) and the time
    /// already spent on urgent matters.
    public func dayPlan(_ date: CivilDate, except: String? = nil) async throws -> DayPlan {
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let from = calendar.start(of: date), to = calendar.start(of: date.adding(days: 1))
        let blocks = try await appointments.blocks(from: from, to: to, except: except)
        let urgent = try await TimeEntries(database: database, workspaceID: workspace.id).total(urgentOnly: true, from: from, to: to)
        return DayPlan.make(policy: policy, calendar: calendar, date: date, appointments: blocks, bufferUsed: urgent)
    }

    /// What booking `draft` would decide, without booking it.
    public func check(_ draft: AppointmentDraft, overrideReason: String?, except: String? = nil) async throws -> AppointmentCheck {
        try Appointments.validate(draft)
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let start = Instant(secondsSince1970: draft.startsAt), end = Instant(secondsSince1970: draft.endsAt)
        let plan = try await dayPlan(calendar.localTime(of: start).date, except: except)
        return AppointmentCheck.check(start: start, end: end, title: draft.title, plan: plan, policy: policy,
                                      calendar: calendar, overrideReason: overrideReason)
    }

    /// Books `draft`, or throws `AppointmentRefused` naming the collisions when it runs into the
    /// focus time, the buffer, closed hours or another appointment and no reason was given.
    public func book(_ draft: AppointmentDraft, overrideReason: String?, actor: String, now: Instant) async throws -> Appointment {
        let decision = try await check(draft, overrideReason: overrideReason)
        guard decision.accepted else { throw AppointmentRefused(check: decision) }
        return try await appointments.book(draft, check: decision, actor: actor, now: now)
    }

    /// The week (Monday to Sunday) around `date`: what customers can still book, what is booked,
    /// and what is held in reserve, day by day.
    public func week(of date: CivilDate, now: Instant) async throws -> BookingWeek {
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let monday = date.adding(days: -Int64(date.weekday.rawValue))
        let from = calendar.start(of: monday) - .hours(24), to = calendar.start(of: monday.adding(days: 8))
        let booked = try await Bookings(database: database, workspaceID: workspace.id).bookedTimes(from: from, to: to)
        return BookingWeek.of(monday: monday, policy: policy, calendar: calendar, booked: booked, now: now)
    }
}
