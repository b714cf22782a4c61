import Foundation
import Synchronization

/// The Chromium and chromedriver the browser tests drive, found on this machine.
///
/// `GATEHOUSE_CHROMIUM` and `GATEHOUSE_CHROMEDRIVER`, when set, name the programs to use and no
/// other place is searched. Otherwise the `PATH` is searched, then Debian's usual places.
struct BrowserInstallation: Sendable {
    let chromium: URL
    let chromedriver: URL

    /// The installation on this machine, or nil when either program is missing.
    static let found: BrowserInstallation? = {
        let environment = ProcessInfo.processInfo.environment
        guard let chromium = locate(explicit: environment["GATEHOUSE_CHROMIUM"],
                                    names: ["chromium", "chromium-browser"], places: ["/usr/bin/chromium"]),
              let chromedriver = locate(explicit: environment["GATEHOUSE_CHROMEDRIVER"],
                                        names: ["chromedriver"],
                                        places: ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
        else { return nil }
        return BrowserInstallation(chromium: chromium, chromedriver: chromedriver)
    }()

    /// The installation the browser tests use. When there is none, nil — after printing one line
    /// saying so, the first time — so the tests return without running; or, when
    /// GATEHOUSE_REQUIRE_BROWSER=1 (as on CI), an error that fails them.
    static func forTests() throws -> BrowserInstallation? {
        if let found { return found }
        if ProcessInfo.processInfo.environment["GATEHOUSE_REQUIRE_BROWSER"] == "1" {
            throw BrowserMissing(description: "Browser tests cannot run: \(missing), and GATEHOUSE_REQUIRE_BROWSER=1 requires them.")
        }
        let first = skipNoticePrinted.withLock { printed in
            defer { printed = true }
            return !printed
        }
        if first { print("Browser tests skipped: \(missing). Install chromium and chromium-driver to run them.") }
        return nil
    }

    private static let missing = """
        Chromium or chromedriver was not found (looked in PATH, /usr/bin/chromium, /usr/bin/chromedriver and \
        /usr/lib/chromium/chromedriver, or GATEHOUSE_CHROMIUM and GATEHOUSE_CHROMEDRIVER when set)
        """
    private static let skipNoticePrinted = Mutex(false)

    struct BrowserMissing: Error, CustomStringConvertible {
        let description: String
    }

    private static func locate(explicit: String?, names: [String], places: [String]) -> URL? {
        let files = FileManager.default
        if let explicit, !explicit.isEmpty {
            return files.isExecutableFile(atPath: explicit) ? URL(fileURLWithPath: explicit) : nil
        }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let candidates = names.flatMap { name in folders.map { "\($0)/\(name)" } } + places
        return candidates.first(where: files.isExecutableFile(atPath:)).map(URL.init(fileURLWithPath:))
    }
}
