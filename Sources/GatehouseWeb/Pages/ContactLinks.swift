import GatehouseCore
import GatehouseMail

/// Text for a page with the business's own phone number and email address made into `tel:` and
/// `mailto:` links, so a customer on a phone can call or write with one tap. Everything else
/// is escaped; only the business's own details become links.
enum ContactLinks {
    static func html(_ text: String, business: Business) -> String {
        var html = HTMLBody.escaped(text)
        if let phone = business.phone, !phone.isEmpty {
            let dialled = phone.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
            if !dialled.isEmpty {
                html = html.replacingOccurrences(of: HTMLBody.escaped(phone),
                                                 with: "<a href=\"tel:\(dialled)\">\(HTMLBody.escaped(phone))</a>")
            }
        }
        if let email = business.email, !email.isEmpty {
            let escaped = HTMLBody.escaped(email)
            html = html.replacingOccurrences(of: escaped, with: "<a href=\"mailto:\(escaped)\">\(escaped)</a>")
        }
        return html
    }
}
