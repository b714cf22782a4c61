import GatehouseCore

/// The choices the setup form and the policy's settings form offer, written once: how dates look
/// in each locale, and how phone calls and text messages are taken.
enum PolicyChoices {
    typealias Option = SetupPage.Option

    /// Each offered locale with a sample of how it writes a day and a time; `chosen` is added
    /// first when the policy names one the list does not offer.
    static func locales(chosen: String) -> [Option] {
        let sample = CivilDate(year: 2026, month: 12, day: 1)
        var offered = SetupPage.offeredLocales
        if !chosen.isEmpty, !offered.contains(chosen) { offered.insert(chosen, at: 0) }
        return offered.map { id in
            Option(value: id, label: "\(id): \(BusinessLocale(id).dayAndTime(sample, 16 * 60 + 15))", selected: id == chosen)
        }
    }

    static func phone(chosen: String) -> [Option] {
        [(ChannelStatus.urgentOnly, "Only for urgent matters"), (.accepted, "For anything, in opening hours"),
         (.notAccepted, "No phone calls")].map { Option(value: $0.0.rawValue, label: $0.1, selected: $0.0.rawValue == chosen) }
    }

    /// Text messages; `urgentOnly` is offered where a policy may already say so.
    static func sms(chosen: String, urgentOnly: Bool = false) -> [Option] {
        var choices: [(ChannelStatus, String)] = [(.notAccepted, "No: point them to email"), (.accepted, "Yes")]
        if urgentOnly { choices.append((.urgentOnly, "Only for urgent matters")) }
        return choices.map { Option(value: $0.0.rawValue, label: $0.1, selected: $0.0.rawValue == chosen) }
    }
}
