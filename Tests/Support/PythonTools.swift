import Foundation

/// The Python tools some tests check Gatehouse with — schemathesis (the OpenAPI fuzzer) and
/// icalendar (a calendar library) — in the virtual environment `.ci/run` makes in .build/python.
public enum PythonTools {
    /// The repository root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The environment's program `name` (`python`, `st`); GATEHOUSE_PYTHON_TOOLS names another
    /// environment. Without it nil — the test returns after this says so — or, with
    /// GATEHOUSE_REQUIRE_PYTHON_TOOLS=1 (as on CI), an error that fails the test.
    public static func program(_ name: String) throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        let folder = environment["GATEHOUSE_PYTHON_TOOLS"] ?? root.appendingPathComponent(".build/python").path
        let path = folder + "/bin/" + name
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        let missing = "\(path) was not found (.ci/run installs schemathesis and icalendar into .build/python; "
            + "GATEHOUSE_PYTHON_TOOLS names another virtual environment)"
        if environment["GATEHOUSE_REQUIRE_PYTHON_TOOLS"] == "1" { throw Missing(description: missing) }
        print("Skipped: \(missing)")
        return nil
    }

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `python -c script arguments…` and returns what it printed (standard output and error).
    public static func run(_ python: String, _ script: String, _ arguments: [String] = []) throws -> (status: Int32, output: String) {
        let ran = try Program.run(python, ["-c", script] + arguments, errorsToOutput: true)
        return (ran.status, ran.output)
    }
}
