/// Policies the test suites share.
public enum TestPolicies {
    /// A small plumbing business in Chicago with two plans, `standard` and `care`.
    public static let plumber = """
        business:
          name: Rivera Plumbing
          timezone: America/Chicago
        hours:
          mon-fri: 08:00-17:00
        plans:
          - id: standard
          - id: care
            first_response: 4 business hours
        """

    /// The plumber's week with focus until 10:30, answers at 10:30 and 15:30 and an hour kept for
    /// emergencies, offering a 20-minute call, a site visit with travel either side and a design
    /// review for Care customers; the call and the visit need the notice given.
    /// `booking(…)` with Care's 2 hours a month and repairs at $120 an hour: the allowance kept at booking.
    public static func bookingWithAllowance(callNotice: String = "0m", visitNotice: String = "0m") -> String {
        booking(callNotice: callNotice, visitNotice: visitNotice)
            .replacingOccurrences(of: "{id: care, name: Care, urgent_access: true}",
                                  with: "{id: care, name: Care, urgent_access: true, allowance: 2h/month}")
            + "\nservices:\n  - {id: repair, name: Repairs, price: 120/hour, covers: [leaks]}\n"
    }

    public static func booking(callNotice: String = "0m", visitNotice: String = "0m") -> String {
        """
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
        plans:
          - {id: standard, name: Standard, default: true}
          - {id: care, name: Care, urgent_access: true}
        booking:
          kinds:
            - {id: call, name: 20-minute call, length: 20m, notice: \(callNotice)}
            - {id: visit, name: Site visit, length: 60m, buffer_before: 15m, buffer_after: 15m, where: customer_address, notice: \(visitNotice)}
            - {id: review, name: Design review, length: 45m, who: [care], notice: 0m}
        """
    }
}
