/// A folder as the owner's mail server lists it: its name and its attributes (`\Sent`, `\Noselect`, …).
public struct ServerFolder: Sendable, Equatable {
    public var name: String
    public var attributes: [String]

    public init(name: String, attributes: [String]) {
        self.name = name
        self.attributes = attributes
    }
}

/// Which folder holds the mail the owner sends from any mail app (the phone, the web mail), and why.
public struct SentFolder: Sendable, Equatable {
    /// The folder's name, or nil when the server has none that can be told apart.
    public var name: String?
    public var reasons: [String]

    /// The names mail apps commonly give it, for servers that do not mark it (RFC 6154).
    public static let commonNames = ["Sent", "Sent Items", "Sent Messages", "[Gmail]/Sent Mail"]

    /// The Sent folder among the server's folders: the one marked `\Sent`, else the first of the common names.
    public static func find(_ folders: [ServerFolder]) -> SentFolder {
        let openable = folders.filter { folder in
            !folder.attributes.contains { $0.caseInsensitiveCompare("\\Noselect") == .orderedSame
                || $0.caseInsensitiveCompare("\\NonExistent") == .orderedSame }
        }
        if let marked = openable.first(where: { $0.attributes.contains { $0.caseInsensitiveCompare("\\Sent") == .orderedSame } }) {
            return SentFolder(name: marked.name, reasons: ["the server marks \"\(marked.name)\" as the folder of sent mail (\\Sent)"])
        }
        for common in commonNames {
            if let named = openable.first(where: { $0.name.caseInsensitiveCompare(common) == .orderedSame }) {
                return SentFolder(name: named.name, reasons: [
                    "the server marks no folder as sent mail; \"\(named.name)\" is the usual name for it",
                ])
            }
        }
        return SentFolder(name: nil, reasons: [
            "the server marks no folder as sent mail and none has a usual name for it ("
                + commonNames.map { "\"\($0)\"" }.joined(separator: ", ") + "), so replies sent from other mail apps are not seen",
        ])
    }
}
