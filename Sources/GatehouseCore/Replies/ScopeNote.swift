/// What the out-of-scope acknowledgement says about the request (`{{scope.note}}`): one
/// sentence in the owner's words, by why the request is outside the services — a partner
/// does it (`scope_referral`), it would be a paid extra (`scope_extra`), or it is not
/// offered at all (`scope_not_offered`).
public enum ScopeNote {
    /// The template that words the note for `reason`.
    public static func template(for reason: OutOfScope) -> TemplateName {
        switch reason {
        case .referral: .scopeReferral
        case .paidExtra: .scopeExtra
        case .notOffered: .scopeNotOffered
        }
    }

    /// The values the note's template is filled with: the work as the customer wrote it
    /// (`scope.term`), the verb that agrees with it (`scope.is`, `scope.is_not`: "gutters
    /// aren't", "drywall isn't"), the partner (`referral.name`, `referral.contact`) and the
    /// service and its price (`scope.service`, `scope.price`). What the reason does not
    /// name is empty.
    public static func values(_ reason: OutOfScope, policy: Policy) -> [String: String] {
        let term: String
        var values: [String: String] = [:]
        switch reason {
        case .referral(let partner, let contact, let word):
            term = word
            values["referral.name"] = partner
            values["referral.contact"] = contact ?? ""
        case .paidExtra(let service, let word):
            term = word
            values["scope.service"] = service?.name ?? ""
            values["scope.price"] = service.map { Acknowledgement.spokenPrice($0.price, policy: policy) } ?? ""
        case .notOffered(let word, _):
            term = word
        }
        values["scope.term"] = term
        values["scope.is"] = Grammar.be(term)
        values["scope.is_not"] = Grammar.isNot(term)
        return values
    }

    /// The note for `reason`, written from the policy's template for it and filled with
    /// `values` (those of the message it goes into) and the scope's own. It opens a sentence,
    /// so its first letter is a capital: `{{scope.term}} {{scope.is_not}} …` reads
    /// "Gutters aren't …".
    public static func write(_ reason: OutOfScope, policy: Policy, values: [String: String] = [:]) -> String {
        let name = template(for: reason)
        let filled = values.merging(Self.values(reason, policy: policy)) { _, scope in scope }
        return Grammar.capitalized(policy.message(name, filled))
    }
}
