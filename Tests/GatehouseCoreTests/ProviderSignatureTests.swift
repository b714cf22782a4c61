import GatehouseCore
import Testing

@Suite("SMS provider signatures")
struct ProviderSignatureTests {
    @Test("what is signed: the URL called, then each field's name and value sorted by name, case-sensitive, nothing between")
    func signedText() {
        let text = ProviderSignature.signedText(url: "https://desk.example/inbound/sms?token=T",
                                                fields: [("To", "+1"), ("Body", "hi there"), ("From", "+2"), ("body", "x")])
        #expect(text == "https://desk.example/inbound/sms?token=TBodyhi thereFrom+2To+1bodyx")
    }
}
