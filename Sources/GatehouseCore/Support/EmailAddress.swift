/// Whether what someone typed could be an email address: one `@` with a local part, and a
/// domain of dot-separated labels ending in one of at least two letters. Not a full RFC 5322
/// check: it catches typos ("ana@localhost", "alex at phone") without refusing real addresses.
public enum EmailAddress {
    public static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, text.count <= 254,
              !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }), let top = labels.last, top.count >= 2 else { return false }
        return true
    }
}
