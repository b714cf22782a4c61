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
        /// It ran past its time limit and was killed.
        public var timedOut: Bool
    }

    /// Runs `executable` (an absolute path) with `arguments` and `input` on standard input, and
    /// waits for it. `errorsToOutput`: standard error goes with standard output (in `output`).
    /// `environment` is added to this process's own. A run still going after `timeLimit` seconds
    /// is killed (`timedOut`), so a hung program fails its test instead of stalling the whole run.
    public static func run(_ executable: String, _ arguments: [String], input: Data = Data(),
                           environment: [String: String] = [:], errorsToOutput: Bool = false,
                           timeLimit: TimeInterval = 600) throws -> Ran {
        let child = try ChildProcess.start(
            executable, arguments,
            environment: environment.isEmpty ? nil
                : ProcessInfo.processInfo.environment.merging(environment) { _, chosen in chosen },
            input: .pipe, output: .pipe, error: errorsToOutput ? .output : .pipe)
        let watchdog = Watchdog(child, after: timeLimit)
        // Fed and drained on threads of their own, so large input and output cannot deadlock on full pipes.
        let output = child.collect(child.standardOutput)
        let errors = child.collect(child.standardError)
        child.feed(input)
        let termination = child.wait()
        watchdog.cancel()
        return Ran(status: termination.status, output: String(decoding: output.wait(), as: UTF8.self),
                   errors: String(decoding: errors.wait(), as: UTF8.self), succeeded: termination.succeeded,
                   timedOut: watchdog.fired)
    }

    /// Runs `/usr/bin/python3 -c script arguments…`.
    public static func python(_ script: String, _ arguments: [String] = [], errorsToOutput: Bool = false) throws -> Ran {
        try run("/usr/bin/python3", ["-c", script] + arguments, errorsToOutput: errorsToOutput)
    }
}

/// Kills a process that runs past its time.
public final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    public private(set) var fired = false

    public init(_ process: ChildProcess, after seconds: TimeInterval) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.lock()
            defer { lock.unlock() }
            guard !cancelled else { return }
            fired = true
            process.send(SIGKILL)
        }
    }

    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }
}
