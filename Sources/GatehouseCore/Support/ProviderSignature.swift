/// What an SMS provider signs when it calls the desk's webhook, the way Twilio does it: the full
/// URL it called (with its query), then every POST field's name and value, sorted by name
/// (byte order, case-sensitive), with nothing between. The signature is the HMAC-SHA1 of this
/// text with the account's auth token, in base64, sent as `X-Twilio-Signature`.
public enum ProviderSignature {
    public static func signedText(url: String, fields: [(name: String, value: String)]) -> String {
        let sorted = fields.sorted { left, right in
            left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
                || (left.name == right.name && left.value.utf8.lexicographicallyPrecedes(right.value.utf8))
        }
        return url + sorted.map { $0.name + $0.value }.joined()
    }

    /// Whether a request is to be taken, and why.
    public enum Check: Sendable, Equatable {
        /// No auth token is set for the workspace: the ingest token alone lets it in.
        case notRequired
        case valid
        case missing
        case invalid

        public var reason: String {
            switch self {
            case .notRequired: "no SMS provider auth token is set, so the ingest token alone is checked"
            case .valid: "the provider's signature matches"
            case .missing: "the request carries no X-Twilio-Signature, and this workspace requires one"
            case .invalid: "the X-Twilio-Signature does not match: not signed with this workspace's auth token, or for another address"
            }
        }
    }
}
