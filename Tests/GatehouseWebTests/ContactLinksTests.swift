import GatehouseCore
import Testing
@testable import GatehouseWeb

@Suite("Public pages: the business's phone and email are one tap away")
struct ContactLinksTests {
    @Test("the business's own phone becomes a tel: link and its email a mailto: link; other text stays escaped text")
    func links() throws {
        let policy = try Policy.read(yaml: """
            business: {name: "Novak <Plumbing>", timezone: America/New_York, email: office@novak.example, phone: "+1 (212) 555-0199"}
            hours: {mon-fri: 08:00-16:00}
            urgent: {signs: [flooding], reach_by: phone}
            channels: {phone: urgent-only}
            """)
        #expect(ContactLinks.html("call +1 (212) 555-0199 or write to office@novak.example <b>now</b>", business: policy.business)
                == #"call <a href="tel:+12125550199">+1 (212) 555-0199</a> or write to <a href="mailto:office@novak.example">office@novak.example</a> &lt;b&gt;now&lt;/b&gt;"#)
        let page = ExplanationHTML.render(policy)
        #expect(page.contains(#"<a href="tel:+12125550199">"#), "the public page's phone is a link: \(page)")
    }
}
