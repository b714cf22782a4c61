import Foundation
import GatehouseMail

/// Another program a test runs to check Gatehouse's work (Python's readers, the fuzz script, a
/// shell), started with `ChildProcess` rather than Foundation's `Process`: on Linux `Process.run()`
/// reads past the end of a directory buffer when the test process has many descriptors open, and a
/// full test run has (it crashed one with 1,390 open).
public enum Program {
    public struct Ran: Sendable {
        public var status: Int32
        public var output: String
        public var errors: String
        /// Whether it exited by itself with status 0.
        public var succeeded: Bool
    }

    /// Runs `executable` (an absolute path) with `arguments` and `input` on standard input, and
    /// waits for it. `errorsToOutput`: standard error goes with standard output (in `output`).
    /// `environment` is added to this process's own.
    public static func run(_ executable: String, _ arguments: [String], input: Data = Data(),
                           environment: [String: String] = [:], errorsToOutput: Bool = false) throws -> Ran {
        let child = try ChildProcess.start(
            executable, arguments,
            environment: environment.isEmpty ? nil
                : ProcessInfo.processInfo.environment.merging(environment) { _, chosen in chosen },
            input: .pipe, output: .pipe, error: errorsToOutput ? .output : .pipe)
        // Fed and drained on threads of their own, so large input and output cannot deadlock on full pipes.
        let output = child.collect(child.standardOutput)
        let errors = child.collect(child.standardError)
        child.feed(input)
        let termination = child.wait()
        return Ran(status: termination.status, output: String(decoding: output.wait(), as: UTF8.self),
                   errors: String(decoding: errors.wait(), as: UTF8.self), succeeded: termination.succeeded)
    }

    /// Runs `/usr/bin/python3 -c script arguments…`.
    public static func python(_ script: String, _ arguments: [String] = [], errorsToOutput: Bool = false) throws -> Ran {
        try run("/usr/bin/python3", ["-c", script] + arguments, errorsToOutput: errorsToOutput)
    }
}
