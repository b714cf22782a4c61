/// Signs of a real emergency an owner can tick at setup, by trade. Suggestions only: what
/// counts as urgent is the owner's to decide, and nothing here is urgent until ticked.
public enum Trade: String, CaseIterable, Sendable {
    case plumbing = "plumbing-heating"
    case itSupport = "it-support"
    case design = "design-creative"
    case consulting
    case other

    /// The trade as the owner names it.
    public var name: String {
        switch self {
        case .plumbing: "Plumbing and heating"
        case .itSupport: "IT support"
        case .design: "Design and creative"
        case .consulting: "Consulting"
        case .other: "Other"
        }
    }

    /// Words a customer with a real emergency in this trade tends to write.
    public var suggestedSigns: [String] {
        switch self {
        case .plumbing: ["burst pipe", "flooding", "leak", "no heat", "no hot water", "no water", "gas smell",
                         "sewage backup"]
        case .itSupport: ["server down", "site is down", "cannot log in", "ransomware", "data loss",
                          "email not working", "all computers down"]
        case .design: ["print deadline", "launch today", "wrong files at the printer", "site is down"]
        case .consulting: ["board meeting tomorrow", "filing deadline", "regulator", "audit tomorrow"]
        case .other: []
        }
    }

    /// The trade an example policy is written for, to open its suggestions first.
    public static func of(example id: String) -> Trade {
        if id.contains("plumb") { return .plumbing }
        if id.contains("it-support") { return .itSupport }
        if id.contains("design") { return .design }
        if id.contains("consult") { return .consulting }
        return .other
    }
}
