import Foundation
import GatehouseMail
import GatehouseTestSupport

/// A chromedriver listening on a free port of 127.0.0.1, started for one test and stopped after it.
final class ChromeDriverServer {
    let process: ChildProcess
    /// The port on 127.0.0.1 it takes WebDriver commands on.
    let port: Int

    /// Starts chromedriver and waits (at most `timeLimit` seconds) until it says it is ready.
    init(installation: BrowserInstallation, timeLimit: TimeInterval = 60) async throws {
        port = try FreePort.pick()
        // Started with no signals blocked (a concurrency thread blocks most), so chromedriver
        // and the Chromium it starts see SIGTERM.
        process = try ChildProcess.start(installation.chromedriver.path, ["--port=\(port)"], output: .null, error: .null)
        let deadline = Date().addingTimeInterval(timeLimit)
        while Date() < deadline {
            if let ended = process.termination {
                throw WebDriverError(command: "start chromedriver on port \(port)", error: "exited",
                                     message: "chromedriver stopped at once with status \(ended.status)")
            }
            if await isReady() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw WebDriverError(command: "GET /status", error: "timeout",
                             message: "chromedriver on port \(port) was not ready after \(Int(timeLimit)) s")
    }

    private func isReady() async -> Bool {
        guard let answer = try? await LocalHTTP.exchange("GET", port: port, path: "/status", timeLimit: 5),
              let json = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any],
              let value = json["value"] as? [String: Any]
        else { return false }
        return value["ready"] as? Bool == true
    }

    /// Stops chromedriver: SIGTERM, then SIGKILL if it is still there after ten seconds.
    func stop() {
        guard process.isRunning else { return }
        process.send(SIGTERM)
        let watchdog = Watchdog(process, after: 10)
        process.wait()
        watchdog.cancel()
    }
}
