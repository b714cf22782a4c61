import Foundation

/// Runs the built `gatehouse` executable as a user (or an MTA, or a script) would.
struct GatehouseProcess {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
        var outputLines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
        var errorLines: [String] { errors.split(separator: "\n").map(String.init) }
    }

    /// The repository root, for examples and fixtures.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The executable SwiftPM built beside this test bundle.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // The test bundle may be a directory (.xctest) or a plain executable.
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("gatehouse")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/gatehouse")
    }

    static func example(_ name: String) -> String { root.appendingPathComponent("examples/\(name)").path }

    /// Runs `gatehouse ARGUMENTS` with `input` on standard input. A run that has not ended after
    /// `timeLimit` seconds is killed and reported, so a hung command fails its test instead of
    /// stalling the whole run.
    static func run(_ arguments: [String], input: String = "", timeLimit: TimeInterval = 180) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let watchdog = Watchdog(process, after: timeLimit)
        // Feed and drain concurrently so large inputs and outputs cannot deadlock on full pipes.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = ErrorCollector(stderr.fileHandleForReading)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        if watchdog.fired {
            throw CocoaError(.executableLoad, userInfo: [
                NSLocalizedDescriptionKey: "gatehouse \(arguments.joined(separator: " ")) did not finish within \(Int(timeLimit)) s",
            ])
        }
        return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                      errors: String(decoding: errorData.wait(), as: UTF8.self))
    }
}

/// Kills a process that runs past its time.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private(set) var fired = false

    init(_ process: Process, after seconds: TimeInterval) {
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.lock()
            defer { lock.unlock() }
            guard !cancelled else { return }
            fired = true
            kill(pid, SIGKILL)
        }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }
}

/// Reads a pipe to its end on another thread.
final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// A temporary file holding `text`, removed by the caller.
func temporaryFile(_ text: String, name: String = "policy.yml") throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file
}
