/// The address customers reach the desk at (`https://desk.novak-plumbing.com`), as the links in
/// their emails begin. Pure: the address written one way, or what is wrong with it.
public enum PublicAddress {
    public struct Problem: Error, Sendable, Equatable {
        public var detail: String
    }

    /// `typed` as `scheme://host[:port][/path]` without a trailing slash, or the problem.
    public static func normalised(_ typed: String) -> Result<String, Problem> {
        var text = typed.trimmingSpaces
        while text.hasSuffix("/") { text.removeLast() }
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            return .failure(Problem(detail: "'\(typed)' is not a web address; write it like https://desk.example.com"))
        }
        let rest = text.drop { $0 != ":" }.dropFirst(3)
        let host = rest.prefix { $0 != "/" && $0 != ":" }
        guard !host.isEmpty, !text.contains(" "), !text.contains("?"), !text.contains("#"),
              host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "[" || $0 == "]" })
        else {
            return .failure(Problem(detail: "'\(typed)' is not a web address; write it like https://desk.example.com"))
        }
        return .success(text)
    }
}
