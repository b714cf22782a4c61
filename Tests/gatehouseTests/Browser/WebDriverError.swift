/// A WebDriver command that did not work: which command, the W3C error code (like
/// `no such element`) and chromedriver's message.
struct WebDriverError: Error, CustomStringConvertible {
    let command: String
    let error: String
    let message: String

    var description: String {
        // chromedriver appends the browser version on a second line, and often repeats the error
        // code at the start of the first; the rest of the first line says what went wrong.
        var firstLine = message.split(separator: "\n").first.map(String.init) ?? message
        if firstLine.hasPrefix(error + ": ") { firstLine.removeFirst(error.count + 2) }
        return "WebDriver \(command) failed: \(error): \(firstLine)"
    }
}
