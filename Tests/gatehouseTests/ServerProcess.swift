import Foundation
import GatehouseMail
import GatehouseTestSupport
import GatehouseStore

/// A running `gatehouse serve` process, and everything it has printed on standard output.
final class ServerProcess {
    let process: ChildProcess
    let port: Int
    private let printed = PrintedText()

    /// Starts `gatehouse serve` on `database` and `port` (0: one the server picks) and waits
    /// (at most 60 s) for the line that says where it listens.
    /// With `keepingLog`, its log (standard error) is kept with what it prints.
    /// `environment` is added to this process's own.
    /// On PostgreSQL it waits up to 120 s for its first connection (GATEHOUSE_CONNECT_TIMEOUT):
    /// under a full parallel test run the server may take longer than the usual 10 s.
    init(database: DatabaseLocation, port: Int = 0, arguments: [String] = [], keepingLog: Bool = false,
         environment: [String: String] = [:]) throws {
        var environment = environment
        if case .postgres = database, environment["GATEHOUSE_CONNECT_TIMEOUT"] == nil {
            environment["GATEHOUSE_CONNECT_TIMEOUT"] = "120"
        }
        process = try ChildProcess.start(GatehouseProcess.executable.path,
                                         ["serve", "--port", String(port), "--database", database.url] + arguments,
                                         environment: environment.isEmpty ? nil
                                             : ProcessInfo.processInfo.environment.merging(environment) { _, chosen in chosen },
                                         output: .pipe, error: keepingLog ? .output : .null)
        if let output = process.standardOutput { printed.collect(from: output) }
        let marker = "running at http://127.0.0.1:"
        guard let line = printed.line(containing: marker, within: 60),
              let found = line.range(of: marker).flatMap({ Int(line[$0.upperBound...].prefix(while: \.isNumber)) })
        else {
            process.send(SIGTERM)
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "serve did not start: \(printed.text)"])
        }
        self.port = found
    }

    /// The first line printed so far or in the next `seconds` that contains `text`, trimmed; nil
    /// when none does by then.
    func line(containing text: String, within seconds: TimeInterval = 30) -> String? {
        printed.line(containing: text, within: seconds)
    }

    /// Everything the server has printed so far: its log.
    var printedText: String { printed.text }

    /// The one-time setup link a new desk prints on its first run.
    func setupLink() throws -> String {
        guard let link = line(containing: "/setup?token=") else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "serve printed no setup link: \(printed.text)"])
        }
        return link
    }

    /// Stops the server as an operator would, and returns its exit status; one that has not
    /// stopped 30 seconds after SIGTERM is killed (and the status says so).
    func stop() -> Int32 {
        process.send(SIGTERM)
        let watchdog = Watchdog(process, after: 30)
        let ended = process.wait()
        watchdog.cancel()
        return ended.status
    }
}

/// Text a process prints, read on a thread of its own until the process closes its output,
/// so the process never blocks on a full pipe and tests can wait for a line.
final class PrintedText: @unchecked Sendable {
    private let condition = NSCondition()
    private var collected = ""
    private var ended = false

    func collect(from handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData
                condition.lock()
                if chunk.isEmpty { ended = true } else { collected += String(decoding: chunk, as: UTF8.self) }
                condition.broadcast()
                condition.unlock()
                if chunk.isEmpty { return }
            }
        }
        thread.start()
    }

    var text: String {
        condition.lock()
        defer { condition.unlock() }
        return collected
    }

    func line(containing text: String, within seconds: TimeInterval) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let lines = collected.split(separator: "\n", omittingEmptySubsequences: false)
            // Only whole lines, unless the output has ended: the rest of the last one may be on its way.
            if let line = (ended ? lines[...] : lines.dropLast()).first(where: { $0.contains(text) }) {
                return line.trimmingCharacters(in: .whitespaces)
            }
            if ended || Date() >= deadline { return nil }
            _ = condition.wait(until: deadline)
        }
    }
}
