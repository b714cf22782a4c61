import GatehouseCore
import Testing

@Suite("Quality time: sessions begun on time and kept within their box, and booked against used time per customer")
struct QualityTimeTests {
    static func at(_ text: String) throws -> Instant { try ISO8601.parse("2026-11-\(text):00-06:00") }

    @Test("Sam's visit began 3 minutes late and ended in its hour; Olga's call began 10 minutes late and ran 25 of its 20 minutes; Ken's call had no session: 1 of 2 on time, 1 of 2 within the box, and each customer's booked against used time")
    func aMonth() throws {
        let sam = Customer.ID("sam"), olga = Customer.ID("olga"), ken = Customer.ID("ken")
        let quality = QualityTime.of([
            .init(customerID: sam, customerName: "Sam Okafor", start: try Self.at("23T10:00"), length: .hours(1),
                  began: try Self.at("23T10:03"), ended: try Self.at("23T10:58"), box: .hours(1)),
            .init(customerID: olga, customerName: "Olga Berg", start: try Self.at("24T14:00"), length: .minutes(20),
                  began: try Self.at("24T14:10"), ended: try Self.at("24T14:35"), box: .minutes(20)),
            .init(customerID: ken, customerName: "Ken Ito", start: try Self.at("25T11:00"), length: .minutes(20)),
            .init(customerID: olga, customerName: "Olga Berg", start: try Self.at("26T09:00"), length: .minutes(20)),
        ])
        #expect(quality.held == 2 && quality.onTime == 1 && quality.ended == 2 && quality.withinBox == 1)
        #expect(quality.words == "1 of 2 sessions began on time (50%); 1 of 2 ended within their time box (50%)")
        #expect(quality.customers.map(\.name) == ["Sam Okafor", "Olga Berg", "Ken Ito"])
        #expect(quality.customers[0].words == "1 booking, 1 hour booked, 55 minutes used")
        #expect(quality.customers[1].words == "2 bookings, 40 minutes booked, 25 minutes used")
        #expect(quality.customers[2].words == "1 booking, 20 minutes booked, none used yet")
    }

    @Test("exactly five minutes late is still on time; a month without bookings, or without sessions yet, says so")
    func edges() throws {
        let on = QualityTime.of([.init(customerID: .init("a"), customerName: "A", start: try Self.at("23T10:00"), length: .minutes(20),
                                       began: try Self.at("23T10:05"))])
        #expect(on.onTime == 1 && on.ended == 0)
        #expect(QualityTime.of([]).words == "No appointments were booked this month")
        #expect(QualityTime.of([.init(customerID: .init("a"), customerName: "A", start: try Self.at("23T10:00"), length: .minutes(20))])
            .words == "No session was started from this month's 1 booked appointment yet")
    }
}
