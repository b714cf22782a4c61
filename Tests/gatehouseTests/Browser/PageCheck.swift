import Testing

extension WebDriverSession {
    /// Looks at the page now open the way a test of a page should: checks its accessibility and
    /// saves its pictures (as `name`), at phone and at desktop size. A problem found at both sizes
    /// is recorded once; one found at one size says which.
    func checkPage(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var found: [(size: String, problems: [String])] = []
        for size in [ScreenSize.phone, .desktop] {
            try await setViewportSize(width: size.width, height: size.height)
            found.append((size.name, try await accessibilityProblems()))
            try await saveScreenshots(name, sizes: [size])
        }
        var recorded: Set<String> = []
        for (size, problems) in found {
            for problem in problems where !recorded.contains(problem) {
                let everywhere = found.allSatisfy { $0.problems.contains(problem) }
                recorded.insert(problem)
                Issue.record("accessibility of the \(name) page\(everywhere ? "" : " at \(size) size"): \(problem)",
                             sourceLocation: sourceLocation)
            }
        }
    }
}
