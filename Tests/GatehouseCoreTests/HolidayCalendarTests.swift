import GatehouseCore
import Testing

@Suite("Holidays from a calendar file")
struct HolidayCalendarTests {
    let december = CivilDate(year: 2026, month: 12, day: 3)

    func calendar(_ events: String) -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + events + "END:VCALENDAR\r\n"
    }

    @Test("an all-day event is a closed day named by its summary; a two-day event is a run of days")
    func allDayEvents() throws {
        let file = calendar("""
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261226\r\nSUMMARY:Christmas Day\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270102\r\nSUMMARY:New Year\\, closed\r\nEND:VEVENT\r

            """)
        let read = try HolidayCalendar.read(file, from: december).get()
        #expect(read.holidays.map(\.closureLine) == ["2026-12-25 Christmas Day", "2026-12-31..2027-01-01 New Year, closed"])
    }

    @Test("a yearly holiday repeats for two years from today, past ones and timed events are left out and said so")
    func yearlyAndSkipped() throws {
        let file = calendar("""
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240704\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Independence Day\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nDTSTART:20261215T100000Z\r\nDTEND:20261215T110000Z\r\nSUMMARY:Meeting\r\nEND:VEVENT\r

            """)
        let read = try HolidayCalendar.read(file, from: december).get()
        #expect(read.holidays.map(\.closureLine) == ["2027-07-04 Independence Day", "2028-07-04 Independence Day"])
        #expect(read.skippedTimed == 1)
        #expect(read.skippedPast == 3)
        #expect(read.summary == "2 holidays were read from your calendar file; left out: 1 timed event (not whole days), 3 already past.")
    }

    @Test("a yearly rule's COUNT and UNTIL are honoured")
    func countAndUntil() throws {
        let file = calendar("""
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261226\r\nRRULE:FREQ=YEARLY;COUNT=2\r\nSUMMARY:Boxing Day\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nRRULE:FREQ=YEARLY;UNTIL=20271231\r\nSUMMARY:New Year\r\nEND:VEVENT\r

            """)
        let read = try HolidayCalendar.read(file, from: december).get()
        #expect(read.holidays.map(\.closureLine) == ["2026-12-26 Boxing Day", "2027-01-01 New Year", "2027-12-26 Boxing Day"])
    }

    @Test("folded lines are joined; lines may end in LF only")
    func folding() throws {
        let file = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270527\nSUMMARY:Memorial\n  Day\nEND:VEVENT\nEND:VCALENDAR\n"
        let read = try HolidayCalendar.read(file, from: december).get()
        #expect(read.holidays.map(\.closureLine) == ["2027-05-27 Memorial Day"])
    }

    @Test("a file that is not a calendar, or an event with a broken date, is refused with where and why")
    func refused() {
        #expect(HolidayCalendar.read("Christmas,2026-12-25\n", from: december)
            == .failure(.init(detail: "the file is not an iCalendar (.ics) file: it has no BEGIN:VCALENDAR line")))
        let broken = calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026122\r\nEND:VEVENT\r\n")
        guard case .failure(let problem) = HolidayCalendar.read(broken, from: december) else {
            Issue.record("a broken date must be refused")
            return
        }
        #expect(problem.detail.contains("line 5"), "\(problem.detail)")
    }

    @Test("added to typed closures: a day already typed keeps the owner's words")
    func merged() throws {
        let file = calendar("""
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas Day\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261226\r\nSUMMARY:Boxing Day\r\nEND:VEVENT\r

            """)
        let read = try HolidayCalendar.read(file, from: december).get()
        #expect(read.closures(adding: "2026-12-25 8am-noon\n") == "2026-12-25 8am-noon\n2026-12-26 Boxing Day")
    }
}
