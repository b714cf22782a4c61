import Foundation
import GatehouseMail

/// A server a test starts as a child process, which writes the port it listens on to a ready
/// file once it listens (the test SMTP server, the test ntfy receiver).
enum ReadyFileServer {
    /// Starts `argv` (whose output goes to `directory/output.log`) and waits up to 20 seconds for
    /// a port in `ready`; throws with the process's last words when it exits or stays silent.
    static func start(_ argv: [String], ready: String, directory: String, what: String) throws -> (ChildProcess, Int) {
        let process = try TestPostgres.spawn(argv, output: directory + "/output.log", newSession: false)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: ready, encoding: .utf8),
               let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return (process, port)
            }
            if !process.isRunning {
                let log = (try? String(contentsOfFile: directory + "/output.log", encoding: .utf8)) ?? ""
                throw TestPostgres.SetupError("\(what) exited at start: \(log.suffix(600))")
            }
            usleep(20_000)
        }
        process.send(SIGKILL)
        process.wait()
        throw TestPostgres.SetupError("\(what) did not start within 20 seconds")
    }

    /// Stops the process: SIGTERM, then SIGKILL after five seconds.
    static func stop(_ process: ChildProcess) {
        process.send(SIGTERM)
        var waited = 0
        while process.isRunning, waited < 250 {
            usleep(20_000)
            waited += 1
        }
        if process.isRunning {
            process.send(SIGKILL)
            process.wait()
        }
    }
}
