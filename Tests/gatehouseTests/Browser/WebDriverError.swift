/// A WebDriver command that did not work: which command, the W3C error code (like
/// `no such element`) and chromedriver's message.
struct WebDriverError: Error, CustomStringConvertible {
    let command: String
    let error: String
    let message: String

    var description: String {
        // chromedriver appends the browser version on a second line; the first says what went wrong.
        let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
        return "WebDriver \(command) failed: \(error): \(firstLine)"
    }
}
