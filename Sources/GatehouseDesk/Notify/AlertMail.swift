import GatehouseCore
import GatehouseMail
import GatehouseStore

/// The alert email about an urgent message, one way for the first alert and for each time it is
/// passed on: the owner's `owner_alert` template, from the business's desk address.
enum AlertMail {
    /// "Urgent: Basement (Maya Ortiz)".
    static func title(subject: String, customer: String) -> String { "Urgent: \(subject) (\(customer))" }

    /// Where the first alert email goes: the owner's own address, else the business's.
    static func recipient(_ settings: StoredAlertSettings, policy: Policy) -> String? {
        settings.email ?? policy.business.email
    }

    static func email(to address: String, name: String?, subject: String, reasons: [String], customer: String,
                      contact: String, message: String, about: String, statusLink: String, alertLink: String,
                      policy: Policy, mail: DeskMail, now: Instant) -> OutgoingMail {
        OutgoingMail(
            from: mail.from, to: [.init(name: name, address: address)], subject: subject,
            text: policy.template(.ownerAlert).render([
                "alert.reasons": reasons.joined(separator: "\n"), "customer.name": customer, "customer.contact": contact,
                "message.text": message, "request.subject": about, "request.link": statusLink,
                "business.name": policy.business.name, "alert.link": alertLink,
            ]),
            messageID: mail.newMessageID(), isAutomatic: true, date: now.secondsSince1970)
    }
}
