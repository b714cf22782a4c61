/// The paragraph an acknowledgement gains when articles may answer the
/// message: the owner's `help_suggestions` template, filled with each article's
/// title, its address and its "this solved it" link.
public enum AcknowledgementHelp {
    /// One suggested article as the customer is sent it.
    public struct Link: Sendable, Equatable {
        public var title: String
        /// The article's public page.
        public var read: String
        /// The "this solved it" link: following it records the deflection.
        public var solved: String

        public init(title: String, read: String, solved: String) {
            self.title = title
            self.read = read
            self.solved = solved
        }
    }

    /// The paragraph for `links` (at most three are written), or nil when there are none.
    public static func paragraph(_ links: [Link], policy: Policy) -> String? {
        guard !links.isEmpty else { return nil }
        // Only titles and addresses here: the words around them are the owner's template.
        let list = links.prefix(3).map { "- \($0.title): \($0.read)\n  (\($0.solved))" }.joined(separator: "\n")
        return policy.template(.helpSuggestions).render(["help.articles": list])
    }
}
