import GatehouseCore
import GatehouseDesk

/// What a visitor typed into the public contact form, checked field by field so every problem
/// is shown next to its field and nothing they wrote is lost.
struct ContactInput {
    var name: String
    var email: String
    var phone: String
    var subject: String
    var message: String
    /// The honeypot: hidden from people, filled in only by robots.
    var website: String

    /// Longest accepted value of each field, in characters.
    static let limits = ["name": 200, "email": 254, "phone": 40, "subject": 200, "message": 10_000]

    init(_ fields: FormFields) {
        name = fields["name"]
        email = fields["email"]
        phone = fields["phone"]
        subject = fields["subject"]
        message = fields["message"]
        website = fields["website"]
    }

    /// A field's value by its name, for refilling the form.
    func value(of field: String) -> String {
        switch field {
        case "name": name
        case "email": email
        case "phone": phone
        case "subject": subject
        case "message": message
        default: ""
        }
    }

    /// Whether a robot filled in the field people cannot see.
    var isRobot: Bool { !website.isEmpty }

    /// What is wrong, by field name, in words for the visitor.
    var problems: [String: String] {
        var problems: [String: String] = [:]
        if email.isEmpty {
            problems["email"] = "Please give your email address, so we can answer you."
        } else if !EmailAddress.isPlausible(email) {
            problems["email"] = "This does not look like an email address; it should be like name@example.com."
        }
        if message.isEmpty { problems["message"] = "Please write your message." }
        if !phone.isEmpty, phone.filter(\.isNumber).count < 3 {
            problems["phone"] = "This does not look like a phone number. You can leave it empty."
        }
        let values = ["name": name, "email": email, "phone": phone, "subject": subject, "message": message]
        for (field, limit) in Self.limits where problems[field] == nil {
            if let value = values[field], value.count > limit {
                problems[field] = "Please keep this under \(limit.formatted) characters (it has \(value.count.formatted))."
            }
        }
        return problems
    }

    /// The message to take in.
    var plainMessage: PlainMessage {
        PlainMessage(channel: .webForm, senderName: name.isEmpty ? nil : name, email: email,
                     phone: phone.isEmpty ? nil : phone, subject: subject.isEmpty ? nil : subject, text: message)
    }

}

private extension Int {
    /// 10000 → "10,000".
    var formatted: String {
        let digits = Array(String(self))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
