import Foundation

/// Runs `body` with a new headless Chromium (and a chromedriver of its own), then always closes
/// the browser and stops the driver, whether `body` returned or threw. Without a browser on this
/// machine, `body` is not run (see `BrowserInstallation.forTests`).
func withBrowser(width: Int = 1280, height: Int = 900, _ body: (WebDriverSession) async throws -> Void) async throws {
    guard let installation = try BrowserInstallation.forTests() else { return }
    let driver = try await ChromeDriverServer(installation: installation)
    let browser: WebDriverSession
    do {
        browser = try await WebDriverSession.start(on: driver, installation: installation, width: width, height: height)
    } catch {
        driver.stop()
        throw error
    }
    var failure: (any Error)?
    do {
        try await body(browser)
    } catch {
        failure = error
    }
    try? await browser.delete()
    driver.stop()
    if let chromium = browser.browserProcessID { await BrowserProcess.end(chromium) }
    if let failure { throw failure }
}

/// Makes sure a Chromium the tests started is gone, even when its session could not be closed.
enum BrowserProcess {
    /// Waits up to five seconds for the browser to quit by itself, then kills it.
    static func end(_ processID: Int32) async {
        for _ in 0..<50 {
            guard isChromium(processID) else { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
        if isChromium(processID) { kill(processID, SIGKILL) }
    }

    /// Whether the process is still a live Chromium (not some other program that has its id by now).
    private static func isChromium(_ processID: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(processID)/stat", encoding: .utf8) else { return false }
        // "PID (NAME) STATE …": a zombie (Z) or dead (X) process is gone already.
        guard let close = stat.lastIndex(of: ")") else { return false }
        let name = stat[stat.index(after: stat.firstIndex(of: "(") ?? stat.startIndex)..<close]
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return name.contains("chrom") && state != "Z" && state != "X"
    }
}
