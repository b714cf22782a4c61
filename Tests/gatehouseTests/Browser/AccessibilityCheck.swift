import Testing

extension WebDriverSession {
    /// What the accessibility check (see `AccessibilityScript`) finds wrong with the page now open,
    /// one sentence per problem; empty when it finds nothing.
    func accessibilityProblems() async throws -> [String] {
        try await execute(AccessibilityScript.source, as: [String].self)
    }

    /// Records a test failure for each accessibility problem of the page now open, naming the
    /// page (as the test calls it) and the problem.
    func assertAccessible(page: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for problem in try await accessibilityProblems() {
            Issue.record("accessibility of the \(page) page: \(problem)", sourceLocation: sourceLocation)
        }
    }
}
