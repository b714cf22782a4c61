/// Why an outgoing message cannot be sent as it is: which value is wrong and what
/// is expected, in a sentence for the person who wrote the template or the address.
public struct OutgoingMailProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value at fault, as a path into `OutgoingMail`: `to`, `to[0].address`,
    /// `from.name`, `subject`, `messageID`, `references[1]`, `attachments[0].filename`.
    public var field: String
    /// What is wrong and what is expected, as a sentence.
    public var message: String

    /// A problem with one value.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `field: message`, e.g. `to[0].address: The address 'dana' has no @; …`.
    public var description: String { "\(field): \(message)" }
}

extension OutgoingMail {
    /// Throws the first of `problems`; returns when the message can be sent as it is.
    public func validate() throws(OutgoingMailProblem) {
        if let first = problems.first { throw first }
    }

    /// Everything that would make the message unsendable or let a value break out of its
    /// header: bad addresses, line breaks or control characters in names and the subject,
    /// no recipient, malformed Message-IDs, nameless or mistyped attachments. Empty when fine.
    public var problems: [OutgoingMailProblem] {
        var found: [OutgoingMailProblem] = []
        func check(_ party: Party, _ path: String) {
            if let message = AddressSyntax.problem(in: party.address) {
                found.append(.init(field: path + ".address", message: message))
            }
            if let name = party.name, let message = Self.lineProblem(in: name, what: "The name") {
                found.append(.init(field: path + ".name", message: message))
            }
        }
        check(from, "from")
        if to.isEmpty {
            found.append(.init(field: "to", message: "The message has no recipient: add at least one address to To."))
        }
        for (index, party) in to.enumerated() { check(party, "to[\(index)]") }
        if let replyTo { check(replyTo, "replyTo") }
        if let message = Self.lineProblem(in: subject, what: "The subject") {
            found.append(.init(field: "subject", message: message))
        }
        if let message = MessageIDSyntax.problem(in: messageID, needsAt: true) {
            found.append(.init(field: "messageID", message: message))
        }
        if let inReplyTo, let message = MessageIDSyntax.problem(in: inReplyTo, needsAt: false) {
            found.append(.init(field: "inReplyTo", message: message))
        }
        for (index, id) in references.enumerated() {
            if let message = MessageIDSyntax.problem(in: id, needsAt: false) {
                found.append(.init(field: "references[\(index)]", message: message))
            }
        }
        for (index, attachment) in attachments.enumerated() {
            found += attachment.problems.map { .init(field: "attachments[\(index)].\($0.field)", message: $0.message) }
        }
        return found
    }

    /// Why `text` cannot be a header line (a line break would start a new header field), or nil.
    static func lineProblem(in text: String, what: String) -> String? {
        ShownText.lineTrouble(text).map { "\(what) contains \($0); it must be a single line of printable characters." }
    }
}

extension OutgoingMail.Attachment {
    /// Problems with this attachment, `field` relative to it (`filename`, `contentType`).
    var problems: [OutgoingMailProblem] {
        var found: [OutgoingMailProblem] = []
        if filename.allSatisfy(\.isWhitespace) {
            found.append(.init(field: "filename", message: "The attachment has no filename; give it a name such as quote.pdf."))
        } else if let message = OutgoingMail.lineProblem(in: filename, what: "The filename") {
            found.append(.init(field: "filename", message: message))
        } else if filename.contains("/") || filename.contains("\\") {
            found.append(.init(field: "filename", message: "The filename '\(filename)' contains / or \\; give the file's name without folders."))
        }
        if !MediaType.isWellFormed(String(contentType.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)) {
            found.append(.init(field: "contentType", message: "The type '\(ShownText.visible(contentType))' is not a media type; expected type/subtype such as application/pdf or image/jpeg."))
        }
        return found
    }
}
