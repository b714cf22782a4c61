import Foundation
import Hummingbird

/// The fields of a page's address as a GET form sent them: a form writes a space as "+", which
/// the query parameters of the request keep as it is, so a search for "water heater" would
/// look for "water+heater".
struct FormQuery {
    private let fields: [(name: String, value: String)]

    init(_ request: Request) { self.init(query: request.uri.query) }

    init(query: String?) {
        fields = (query ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decoded(parts[0]), parts.count > 1 ? Self.decoded(parts[1]) : "")
        }
    }

    /// The first value of `name`, trimmed; nil when it is missing or blank.
    func get(_ name: String) -> String? {
        guard let value = fields.first(where: { $0.name == name })?.value.trimmingCharacters(in: .whitespacesAndNewlines),
              !value.isEmpty else { return nil }
        return value
    }

    /// `value` written for an address's query: everything but letters and digits percent-encoded.
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    private static func decoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
