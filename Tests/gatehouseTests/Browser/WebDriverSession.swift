import Foundation

/// An element of the page, as WebDriver refers to it, with the selector that found it (for messages).
struct Element: Hashable, Sendable, CustomStringConvertible {
    /// The key W3C WebDriver uses for element references in JSON.
    static let key = "element-6066-11e4-a52e-4f735466cecf"
    let id: String
    let selector: String
    var description: String { selector }
}

/// One headless Chromium, driven through chromedriver with W3C WebDriver commands
/// (https://www.w3.org/TR/webdriver2/). Each method is one command and waits for its answer.
final class WebDriverSession {
    let id: String
    /// Chromium's process id, as chromedriver reports it, to make sure the browser is gone at the end.
    let browserProcessID: Int32?
    private let port: Int

    private init(id: String, browserProcessID: Int32?, port: Int) {
        self.id = id
        self.browserProcessID = browserProcessID
        self.port = port
    }

    /// Opens a new headless Chromium of `installation` through `driver`, showing pages at the given size.
    static func start(on driver: ChromeDriverServer, installation: BrowserInstallation,
                      width: Int = 1280, height: Int = 900) async throws -> WebDriverSession {
        // Scrollbars hidden: the page then gets the whole width, as on a phone, and pictures have none.
        var arguments = ["--headless=new", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=\(width),\(height)",
                         "--hide-scrollbars", "--no-first-run", "--lang=en-US"]
        // Chromium refuses to start as root inside its own sandbox.
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        let capabilities: [String: Any] = [
            "browserName": "chrome",
            // An alert stays open for the test to see, rather than being dismissed quietly.
            "unhandledPromptBehavior": "ignore",
            "goog:chromeOptions": ["binary": installation.chromium.path, "args": arguments],
        ]
        let value = try await send("POST", port: driver.port, path: "/session",
                                   ["capabilities": ["alwaysMatch": capabilities]], what: "new session")
        guard let answer = value as? [String: Any], let id = answer["sessionId"] as? String else {
            throw WebDriverError(command: "new session", error: "unexpected answer", message: "\(value ?? "nothing")")
        }
        let process = ((answer["capabilities"] as? [String: Any])?["goog:processID"] as? Int).map(Int32.init)
        let session = WebDriverSession(id: id, browserProcessID: process, port: driver.port)
        do {
            try await session.command("POST", "timeouts", ["implicit": 0, "pageLoad": 60_000, "script": 30_000],
                                      what: "set timeouts")
            try await session.setViewportSize(width: width, height: height)
        } catch {
            try? await session.delete()
            throw error
        }
        return session
    }

    // MARK: Pages

    /// Opens `url` and waits until it has loaded.
    func go(_ url: String) async throws {
        try await command("POST", "url", ["url": url], what: "go to \(url)")
    }

    func currentURL() async throws -> String {
        try await command("GET", "url", what: "current URL") as? String ?? ""
    }

    func title() async throws -> String {
        try await command("GET", "title", what: "title") as? String ?? ""
    }

    /// The page's HTML as the browser now has it.
    func source() async throws -> String {
        try await command("GET", "source", what: "page source") as? String ?? ""
    }

    // MARK: Elements

    /// The first element matching the CSS selector; an error (`no such element`) when there is none.
    func find(_ css: String) async throws -> Element {
        let value = try await command("POST", "element", ["using": "css selector", "value": css], what: "find \(css)")
        return try element(from: value, selector: css)
    }

    /// The first element an XPath expression selects (for finding by visible text).
    func find(xpath: String) async throws -> Element {
        let value = try await command("POST", "element", ["using": "xpath", "value": xpath], what: "find \(xpath)")
        return try element(from: value, selector: xpath)
    }

    /// Every element matching the CSS selector, in document order (none is not an error).
    func findAll(_ css: String) async throws -> [Element] {
        let value = try await command("POST", "elements", ["using": "css selector", "value": css], what: "find all \(css)")
        return try (value as? [Any] ?? []).map { try element(from: $0, selector: css) }
    }

    func click(_ element: Element) async throws {
        try await command("POST", "element/\(element.id)/click", [:], what: "click \(element)")
    }

    func clear(_ element: Element) async throws {
        try await command("POST", "element/\(element.id)/clear", [:], what: "clear \(element)")
    }

    /// Types `text` into the element, as keystrokes.
    func type(_ text: String, into element: Element) async throws {
        try await command("POST", "element/\(element.id)/value", ["text": text], what: "type into \(element)")
    }

    /// Empties the field matching `css` and types `text` into it.
    func fill(_ css: String, with text: String) async throws {
        let field = try await find(css)
        try await clear(field)
        try await type(text, into: field)
    }

    /// The element's text as it is rendered (what a reader sees).
    func text(of element: Element) async throws -> String {
        try await command("GET", "element/\(element.id)/text", what: "text of \(element)") as? String ?? ""
    }

    /// The element's HTML attribute, or nil when it has none.
    func attribute(_ name: String, of element: Element) async throws -> String? {
        try await command("GET", "element/\(element.id)/attribute/\(name)", what: "attribute \(name) of \(element)") as? String
    }

    /// The element's DOM property (like `value` or `checked`), as JSON.
    func property(_ name: String, of element: Element) async throws -> Any? {
        try await command("GET", "element/\(element.id)/property/\(name)", what: "property \(name) of \(element)")
    }

    // MARK: Scripts

    /// Runs `script` as the body of a function in the page, with `arguments` (JSON values or
    /// elements) as `arguments[0]`, …; returns what it returns, as JSON.
    @discardableResult
    func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        let passed = arguments.map { argument -> Any in
            if let element = argument as? Element { return [Element.key: element.id] }
            return argument
        }
        let firstLine = script.split(separator: "\n").first.map { String($0.prefix(60)) } ?? ""
        return try await command("POST", "execute/sync", ["script": script, "args": passed], what: "script \(firstLine)")
    }

    /// Runs `script` like `execute` and expects its result to be a `T`.
    func execute<T>(_ script: String, _ arguments: [Any] = [], as type: T.Type) async throws -> T {
        let value = try await execute(script, arguments)
        guard let typed = value as? T else {
            throw WebDriverError(command: "script", error: "unexpected result",
                                 message: "expected \(T.self), got \(value.map { "\($0)" } ?? "null")")
        }
        return typed
    }

    // MARK: Window, pictures, dialogs, cookies

    /// Sets the size of the browser's window, its frame included.
    func setWindowSize(width: Int, height: Int) async throws {
        try await command("POST", "window/rect", ["width": width, "height": height], what: "resize to \(width)×\(height)")
    }

    /// Sizes the window so that the page itself gets `width`×`height` CSS pixels, as on a device
    /// with that screen (the window's frame takes some height even without a head).
    func setViewportSize(width: Int, height: Int) async throws {
        try await setWindowSize(width: width, height: height)
        let inner = try await execute("return [innerWidth, innerHeight]", as: [Int].self)
        guard inner.count == 2, inner != [width, height] else { return }
        try await setWindowSize(width: 2 * width - inner[0], height: 2 * height - inner[1])
    }

    /// A PNG of what the window shows now.
    func screenshot() async throws -> Data {
        let value = try await command("GET", "screenshot", what: "screenshot")
        guard let text = value as? String, let png = Data(base64Encoded: text) else {
            throw WebDriverError(command: "screenshot", error: "unexpected answer", message: "not base64 PNG data")
        }
        return png
    }

    /// Runs a Chrome DevTools Protocol command (chromedriver's extension), for what WebDriver cannot do.
    @discardableResult
    func devTools(_ name: String, _ parameters: [String: Any] = [:]) async throws -> [String: Any] {
        try await command("POST", "goog/cdp/execute", ["cmd": name, "params": parameters], what: "DevTools \(name)")
            as? [String: Any] ?? [:]
    }

    /// The text of the alert, confirm or prompt dialog that is open, or nil when none is.
    func alertText() async throws -> String? {
        do {
            return try await command("GET", "alert/text", what: "alert text") as? String
        } catch let error as WebDriverError where error.error == "no such alert" {
            return nil
        }
    }

    /// Forgets every cookie of the current site, as a new visitor would arrive.
    func deleteAllCookies() async throws {
        try await command("DELETE", "cookie", what: "delete cookies")
    }

    /// Asks again until `condition` holds, for at most `timeLimit` seconds, for what the page
    /// does after a click (a form sent, a new page loaded).
    func waitUntil(_ what: String, timeLimit: TimeInterval = 30, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeLimit)
        while true {
            // A page that is changing under the check (a form's answer loading, a live update
            // replacing the element) makes a lookup fail for a moment: that is "not yet".
            var failure: (any Error)?
            do {
                if try await condition() { return }
            } catch {
                failure = error
            }
            guard Date() < deadline else {
                if let failure { throw failure }
                throw WebDriverError(command: "wait until \(what)", error: "timeout",
                                     message: "still not so after \(Int(timeLimit)) s (page: \(try await currentURL()))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Ends the session, which closes Chromium.
    func delete() async throws {
        try await command("DELETE", "", what: "delete session")
    }

    // MARK: Wire

    private func element(from value: Any?, selector: String) throws -> Element {
        guard let reference = value as? [String: Any], let id = reference[Element.key] as? String else {
            throw WebDriverError(command: "find \(selector)", error: "unexpected answer", message: "\(value ?? "nothing")")
        }
        return Element(id: id, selector: selector)
    }

    @discardableResult
    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil, what: String) async throws -> Any? {
        try await Self.send(method, port: port, path: "/session/\(id)" + (path.isEmpty ? "" : "/" + path), body, what: what)
    }

    /// Sends one command and returns the `value` of its answer; a WebDriver error becomes a `WebDriverError`.
    private static func send(_ method: String, port: Int, path: String, _ body: [String: Any]?,
                             what: String) async throws -> Any? {
        let answer: LocalHTTP.Answer
        do {
            answer = try await LocalHTTP.exchange(method, port: port, path: path,
                                                  body: try body.map { try JSONSerialization.data(withJSONObject: $0) })
        } catch let failure as LocalHTTP.Failure {
            throw WebDriverError(command: what, error: "no answer", message: failure.description)
        }
        guard let json = try? JSONSerialization.jsonObject(with: answer.body, options: [.fragmentsAllowed]) as? [String: Any] else {
            throw WebDriverError(command: what, error: "HTTP \(answer.status)",
                                 message: String(decoding: answer.body.prefix(500), as: UTF8.self))
        }
        let value = json["value"]
        if answer.status != 200 {
            let details = value as? [String: Any]
            throw WebDriverError(command: what, error: details?["error"] as? String ?? "HTTP \(answer.status)",
                                 message: details?["message"] as? String ?? "\(value ?? "")")
        }
        return value is NSNull ? nil : value
    }
}
