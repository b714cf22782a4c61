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
}
