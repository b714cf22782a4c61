import Yams

/// A new owner's policy, written from their answers with an example as the shape to start
/// from. The example lends what is a matter of style — how long a response window lasts, the
/// minimum reply delay, the emergency buffer, and, when asked, its services, plans and
/// templates — but never its business: its name, addresses, phone, website, referral partners,
/// closures and signatures do not reach the saved policy. Pure; the notes say what was taken
/// and what was left out, and why.
public struct OwnPolicy: Sendable, Equatable {
    public var yaml: String
    public var notes: [String]

    /// The policy for `answers`, or every answer that cannot go into it.
    public static func write(_ answers: PolicyAnswers, shapedLike exampleYAML: String) -> Result<OwnPolicy, SetupProblems> {
        let checked: CheckedAnswers
        switch answers.checked() {
        case .success(let found): checked = found
        case .failure(let problems): return .failure(problems)
        }
        var notes: [String] = []
        let example = ExampleShape(yaml: exampleYAML)
        let (name, email, phone, website, currency, locale) = (checked.name, checked.email, checked.phone, checked.website,
                                                               checked.currency, checked.locale)
        let (days, windows, closures) = (checked.days, checked.windows, checked.closures)
        var yaml = "# The policy of \(name), written at setup from your answers.\n"
            + "# Change it on the policy page; every field is described in the policy guide linked there.\n"
        yaml += "business:\n"
        yaml += "  name: \(quoted(name))\n"
        let owner = answers.owner.trimmingSpaces
        if !owner.isEmpty { yaml += "  owner: \(quoted(owner))\n" }
        yaml += "  timezone: \(quoted(answers.timeZone))\n"
        if !email.isEmpty { yaml += "  email: \(quoted(email))\n" }
        if !phone.isEmpty { yaml += "  phone: \(quoted(phone))\n" }
        if !website.isEmpty { yaml += "  website: \(quoted(website))\n" }
        let writtenCurrency = currency.isEmpty ? example.currency : currency
        yaml += "  currency: \(writtenCurrency)\n"
        yaml += "  locale: \((locale.isEmpty ? BusinessLocale.guess(currency: writtenCurrency) : BusinessLocale(locale)).identifier)\n\n"

        yaml += "hours:\n"
        for (key, hours) in grouped(days) { yaml += "  \(key): \(hours)\n" }
        yaml += "\n"
        if !closures.isEmpty {
            yaml += "closures:\n" + closures.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)\n" }.joined() + "\n"
        }
        if example.closureCount > 0 {
            notes.append("The example's \(example.closureCount) closure\(example.closureCount == 1 ? "" : "s") were left out: only the days you gave are closed.")
        }

        yaml += "response_windows:\n"
        yaml += "  at: [\(windows.joined(separator: ", "))]\n"
        yaml += "  length: \(example.scalar("response_windows", "length") ?? "30m")\n"
        yaml += "  min_reply_delay: \(windows.isEmpty ? "0m" : example.scalar("response_windows", "min_reply_delay") ?? "0m")\n\n"

        yaml += "day:\n"
        yaml += "  emergency_buffer: \(example.scalar("day", "emergency_buffer") ?? "60m")\n"
        if let meetings = example.scalar("day", "max_meeting_time") { yaml += "  max_meeting_time: \(meetings)\n" }
        yaml += "\n"

        let urgentSigns = checked.urgentSigns
        let reachBy: Channel? = !phone.isEmpty && answers.phoneChannel != .notAccepted ? .phone
            : !email.isEmpty ? .email : nil
        yaml += "channels:\n"
        yaml += "  email: accepted\n"
        yaml += "  web_form: accepted\n"
        yaml += "  phone: \(answers.phoneChannel == .notAccepted ? "no" : answers.phoneChannel.rawValue)\n"
        yaml += "  sms: \(smsRule(answers.smsChannel, email: email, phone: reachBy == .phone ? phone : ""))\n"
        yaml += "\n"

        yaml += "urgent:\n"
        let definition = checked.urgentDefinition
        if !definition.isEmpty { yaml += "  definition: \(quoted(definition))\n" }
        yaml += "  signs: [\(urgentSigns.map(quoted).joined(separator: ", "))]\n"
        if let reachBy { yaml += "  reach_by: \(reachBy.rawValue)\n" }
        // The example's emergency call-out comes along with its services; its promise of how soon
        // urgent matters are answered does not: that is the owner's to make on the policy page.
        let forbidden = example.identifyingTexts
        let offer = example.section("services") + example.section("plans")
        let offerKept = answers.keepOffer && !offer.isEmpty && !forbidden.contains { offer.lowercased().contains($0) }
        let callout = example.scalar("urgent", "callout")
        if offerKept, example.scalar("urgent", "without_access") == "callout", let callout,
           example.section("services").contains("id: \(callout)\n") {
            yaml += "  without_access: callout\n  callout: \(callout)\n"
            notes.append("Urgent matters from customers without urgent access are offered the example's emergency call-out: "
                         + "check its price among the services.")
        } else {
            yaml += "  without_access: next_opening\n"
        }
        yaml += "\n"
        if urgentSigns.isEmpty {
            notes.append("No signs of urgency were chosen, so nothing is treated as urgent until you add some.")
        }

        if answers.keepOffer {
            if offer.isEmpty {
                notes.append("The example has no services or plans to start from.")
            } else if let found = forbidden.first(where: { offer.lowercased().contains($0) }) {
                notes.append("The example's services and plans were left out because they mention '\(found)'.")
            } else {
                yaml += offer
                notes.append("Services and plans are the example's, as a start: check their names and prices.")
            }
        }
        if example.hasReferrals { notes.append("The example's referral partners were left out.") }

        var kept: [(String, String)] = []
        for (templateName, text) in example.templates {
            let lower = text.lowercased()
            if let found = forbidden.first(where: { lower.contains($0) }) {
                notes.append("The example's \(templateName) template was left out because it mentions '\(found)'.")
            } else if let time = mentionedTimes(text).first(where: { !windows.contains($0) }) {
                notes.append("The example's \(templateName) template was left out because it mentions \(time), which is not one of your response windows.")
            } else {
                kept.append((templateName, text))
            }
        }
        if !kept.isEmpty {
            yaml += "templates:\n"
            for (templateName, text) in kept { yaml += "  \(templateName): |\n" + indented(text) }
        }

        do {
            _ = try Policy.read(yaml: yaml)
        } catch {
            return .failure(SetupProblems(all: error.diagnostics.map { SetupProblem(field: nil, $0.message) }))
        }
        return .success(OwnPolicy(yaml: yaml, notes: notes))
    }

    /// The texts of the examples' businesses that `policyYAML` still carries (its name, email,
    /// phone, website, referral partners), as the examples write them; empty when the policy
    /// is the owner's own.
    public static func borrowedDetails(in policyYAML: String, examples: [String]) -> [String] {
        let lower = policyYAML.lowercased()
        var found: [String] = []
        for example in examples {
            let shape = ExampleShape(yaml: example)
            for text in shape.namingTexts where lower.contains(text.lowercased()) {
                // A domain inside an address already named is not news.
                if !found.contains(where: { $0.lowercased().contains(text.lowercased()) }) { found.append(text) }
            }
        }
        return found
    }

    // MARK: - Pieces

    /// The `sms:` rule: accepted, or not with a redirect to email (and the phone for emergencies).
    static func smsRule(_ status: ChannelStatus, email: String, phone: String) -> String {
        guard status != .accepted else { return "accepted" }
        var redirect = email.isEmpty ? "Text messages are not read here; please use the contact form."
            : "Text messages are not read here; please email \(email)."
        if !phone.isEmpty { redirect += " For emergencies call \(phone)." }
        return "{ accepted: no, redirect: \(quoted(redirect)) }"
    }

    /// Typed closure lines as policy entries, in the order given.
    static func readClosures(_ typed: String, problems: inout [SetupProblem]) -> [(key: String, value: String)] {
        var entries: [(key: String, value: String)] = []
        for (index, raw) in typed.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingSpaces
            guard !line.isEmpty else { continue }
            let head = line.prefix { !$0.isWhitespace }
            var key = String(head)
            if key.hasSuffix(":") { key.removeLast() }
            let rest = line.dropFirst(head.count).trimmingSpaces
            let ends = key.components(separatedBy: "..")
            guard (1...2).contains(ends.count), ends.allSatisfy({ CivilDate(iso: Substring($0)) != nil }) else {
                problems.append(SetupProblem(field: "closures",
                    "line \(index + 1): '\(key)' is not a date; write it like 2026-12-25 or 2026-12-24..2026-12-26"))
                continue
            }
            if rest.isEmpty || rest.lowercased() == "closed" {
                entries.append((key, "closed"))
            } else if rest.first?.isNumber == true || rest.lowercased().hasPrefix("noon"),
                      case .success(let hours) = TypedHours.day(rest) {
                entries.append((key, hours))
            } else {
                entries.append((key, quoted(oneLine(rest))))
            }
        }
        return entries
    }

    /// Days with the same hours written together: `mon-thu: 08:00-17:00`.
    static func grouped(_ days: [Weekday: String]) -> [(String, String)] {
        var groups: [(first: Weekday, last: Weekday, hours: String)] = []
        for day in Weekday.allCases {
            let hours = days[day] ?? "closed"
            if let last = groups.last, last.hours == hours, last.last.rawValue + 1 == day.rawValue {
                groups[groups.count - 1].last = day
            } else {
                groups.append((day, day, hours))
            }
        }
        return groups.map { ($0.first == $0.last ? $0.first.key : "\($0.first.key)-\($0.last.key)", $0.hours) }
    }

    /// The `HH:MM` times a text mentions.
    static func mentionedTimes(_ text: String) -> [String] {
        let characters = Array(text)
        var found: [String] = []
        var index = 0
        while index + 4 < characters.count {
            let piece = String(characters[index..<index + 5])
            let before = index == 0 ? " " : characters[index - 1]
            if !before.isNumber, ClockTime.minutes(Substring(piece)) != nil {
                found.append(piece)
                index += 5
            } else {
                index += 1
            }
        }
        return found
    }

    static func indented(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.isEmpty ? "\n" : "    \($0)\n" }.joined()
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingSpaces
    }

    static func uniqued(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0.lowercased()).inserted }
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// An example policy read for its shape: its sections as written, its scalars, its templates,
/// and the texts that belong to its business and must not travel.
struct ExampleShape {
    let source: String
    let root: Node?

    init(yaml: String) {
        source = yaml
        root = (try? Yams.compose(yaml: yaml)) ?? nil
    }

    func node(_ path: String...) -> Node? {
        var node = root
        for key in path { node = node.flatMap { PolicyReader.child($0, key) } }
        return node
    }

    func scalar(_ path: String...) -> String? {
        var node = root
        for key in path { node = node.flatMap { PolicyReader.child($0, key) } }
        guard case .scalar(let scalar)? = node else { return nil }
        let text = scalar.string.trimmingSpaces
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || $0 == "." }
        return text.isEmpty || !safe ? nil : text
    }

    var currency: String { scalar("business", "currency")?.uppercased() ?? "USD" }

    var closureCount: Int {
        guard case .mapping(let map)? = node("closures") else { return 0 }
        return map.count
    }

    var hasReferrals: Bool {
        guard case .sequence(let list)? = node("referrals") else { return false }
        return !list.isEmpty
    }

    /// The example's templates by name, in file order.
    var templates: [(String, String)] {
        guard case .mapping(let map)? = node("templates") else { return [] }
        return map.compactMap { key, value in
            guard let name = key.string, case .scalar(let text) = value else { return nil }
            return (name, text.string)
        }
    }

    /// A top-level section exactly as the example writes it, comments inside it included, ending
    /// with one blank line; empty when the example has none.
    func section(_ name: String) -> String {
        var lines: [Substring] = []
        var inside = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let topLevel = !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("#")
            if topLevel { inside = line.hasPrefix("\(name):") }
            if inside { lines.append(line) }
        }
        while let last = lines.last, last.trimmingSpaces.isEmpty || last.hasPrefix("#") { lines.removeLast() }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n\n"
    }

    /// Lower-cased texts that name the example's business.
    var identifyingTexts: [String] { namingTexts.map { $0.lowercased() } }

    /// Texts that name the example's business: its name, email and mail domain, phone, website
    /// and host, and each referral partner's name and contact.
    var namingTexts: [String] {
        var texts: [String] = []
        for key in ["name", "email", "phone", "website"] {
            guard case .scalar(let scalar)? = node("business", key) else { continue }
            texts.append(scalar.string)
        }
        if case .scalar(let email)? = node("business", "email"), let at = email.string.firstIndex(of: "@") {
            texts.append(String(email.string[email.string.index(after: at)...]))
        }
        if case .scalar(let site)? = node("business", "website") {
            var host = site.string
            for prefix in ["https://", "http://", "www."] where host.hasPrefix(prefix) { host.removeFirst(prefix.count) }
            texts.append(host.split(separator: "/").first.map(String.init) ?? host)
        }
        if case .sequence(let referrals)? = node("referrals") {
            for referral in referrals {
                for key in ["name", "contact"] {
                    if case .scalar(let scalar)? = PolicyReader.child(referral, key) { texts.append(scalar.string) }
                }
            }
        }
        return texts.map(\.trimmingSpaces).filter { $0.count >= 4 }
    }
}
