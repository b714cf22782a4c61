/// How every message the desk sends to a customer is signed: the owner's name (the policy's
/// `business.owner`, when given) over the business's name. One rule for acknowledgements,
/// replies, job summaries and change orders, so a customer never reads "Alex" in one mail,
/// "Rivera Plumbing & Heating" in the next, and both — or neither — in a third.
public struct Signature: Sendable, Equatable {
    /// The person who signs ("Alex Rivera"), if the policy names one.
    public var owner: String?
    /// The business ("Rivera Plumbing & Heating").
    public var business: String

    public init(owner: String?, business: String) {
        let owner = owner?.trimmingSpaces
        self.owner = owner?.isEmpty == false ? owner : nil
        self.business = business.trimmingSpaces
    }

    /// The signature's lines: the owner, then the business (once, when they are the same).
    public var lines: [String] {
        guard let owner, owner.lowercased() != business.lowercased() else { return [business] }
        return [owner, business]
    }

    /// `text` signed exactly once: every paragraph that is only a sign-off — a closing such as
    /// "Warm regards,", the owner's name or first name, the business's name — is taken out
    /// wherever it stands, and the signature goes at the end, under the first closing the
    /// text had. A text already signed this way comes back unchanged.
    public func signing(_ text: String) -> String {
        var closing: String?
        var kept: [[String]] = []
        for paragraph in Prose.paragraphs(text) {
            if let signOff = signOff(paragraph) {
                if closing == nil { closing = signOff.closing }
            } else {
                kept.append(paragraph)
            }
        }
        let body = kept.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
        let signature = ((closing.map { [$0] } ?? []) + lines).joined(separator: "\n")
        return body.isEmpty ? signature : body + "\n\n" + signature
    }

    /// Whether the whole text ends with this signature and holds it nowhere else.
    public func isSignedOnce(_ text: String) -> Bool {
        let paragraphs = Prose.paragraphs(text)
        guard let last = paragraphs.last, Array(last.suffix(lines.count)).map(\.trimmingSpaces) == lines else { return false }
        return paragraphs.dropLast().allSatisfy { signOff($0) == nil }
    }

    /// A paragraph made only of a closing line and names, with the closing it holds.
    struct SignOff { var closing: String? }

    func signOff(_ paragraph: [String]) -> SignOff? {
        var closing: String?
        var names = 0
        for raw in paragraph {
            let line = raw.trimmingSpaces
            if isName(line) {
                names += 1
            } else if closing == nil, names == 0, Prose.isShortCommaLine(line), !line.contains("{{") {
                closing = line
            } else {
                return nil
            }
        }
        return names > 0 ? SignOff(closing: closing) : nil
    }

    func isName(_ line: String) -> Bool {
        let plain = line.trimming(",.— -").lowercased()
        var names = [business.lowercased()]
        if let owner {
            names.append(owner.lowercased())
            if let first = owner.split(separator: " ").first { names.append(first.lowercased()) }
        }
        return names.contains(plain)
    }
}

private extension String {
    func trimming(_ characters: String) -> String {
        var view = Substring(self)
        while let first = view.first, characters.contains(first) { view.removeFirst() }
        while let last = view.last, characters.contains(last) { view.removeLast() }
        return String(view)
    }
}
