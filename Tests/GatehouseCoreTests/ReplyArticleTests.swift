import GatehouseCore
import Testing

/// "Save this reply as an article": the reply's words, without what is the customer's.
@Suite("Reply as article")
struct ReplyArticleTests {
    static let dana = ReplyArticle.Details(
        customerName: "Dana Whitfield", customerEmails: ["dana@example.org"], customerPhones: ["+1 312 555 0199"],
        tokens: ["st4tusT0ken99"], businessEmail: "office@rivera.example", businessPhone: "+1 312 555 0142")

    @Test("a reply to Dana loses her greeting, name, email, phone and status link; the business's own address and phone stay")
    func scrubsTheCustomer() {
        let reply = """
        Hi Dana,

        A slow kitchen drain is usually grease. Pour a kettle of hot water down it, then plunge ten times.
        If it is still slow, Dana, call me on +1 312 555 0142 or write to office@rivera.example.
        I have your number as (312) 555-0199 and your address as dana@example.org.
        Your request: https://desk.rivera.example/status/st4tusT0ken99
        Our prices: https://rivera.example/prices
        """
        let scrubbed = ReplyArticle.scrub(reply, details: Self.dana)
        #expect(!scrubbed.text.contains("Hi Dana"))
        #expect(scrubbed.text.hasPrefix("A slow kitchen drain"))
        #expect(!scrubbed.text.contains("Dana"))
        #expect(scrubbed.text.contains("If it is still slow, [name], call me on +1 312 555 0142 or write to office@rivera.example."))
        #expect(scrubbed.text.contains("I have your number as [phone number] and your address as [email address]."))
        #expect(!scrubbed.text.contains("st4tusT0ken99"))
        #expect(scrubbed.text.contains("Your request: [private link removed]"))
        #expect(scrubbed.text.contains("https://rivera.example/prices"), "a public link stays")
        #expect(scrubbed.reasons.contains("removed the greeting that names the customer"))
        #expect(scrubbed.reasons.contains("removed 1 email address"))
        #expect(scrubbed.reasons.contains("removed 1 phone number"))
        #expect(scrubbed.reasons.contains { $0.hasPrefix("removed 1 private link") })
        #expect(scrubbed.reasons.contains("removed the customer's name (1 time)"))
    }

    @Test("a name inside another word is left alone, a surname alone is removed, and a token outside a link too")
    func wholeWordsAndTokens() {
        let scrubbed = ReplyArticle.scrub("Ask Mr Whitfield. Adana is a city. Reference st4tusT0ken99.", details: Self.dana)
        #expect(scrubbed.text == "Ask Mr [name]. Adana is a city. Reference [private link removed].")
    }

    @Test("alert, agreement and 'this solved it' links go; dates and times are not phone numbers")
    func privateLinksAndDates() {
        let text = "See https://d.example/alerts/abc and https://d.example/agree/xyz or https://d.example/w/r/help/x/solved?request=q. "
            + "Booked 2026-12-04 at 10:30, ref 12345."
        let scrubbed = ReplyArticle.scrub(text, details: Self.dana)
        #expect(scrubbed.text == "See [private link removed] and [private link removed] or [private link removed]. "
            + "Booked 2026-12-04 at 10:30, ref 12345.")
    }

    @Test("the draft is titled after the subject without 'Re:', is never published, and says what was removed")
    func draft() {
        let made = ReplyArticle.draft(reply: "Hello Dana!\n\nTurn the stopcock clockwise.", subject: "Re: RE: Where is the stopcock, Dana?",
                                      details: Self.dana)
        #expect(made.draft.title == "Where is the stopcock, [name]?")
        #expect(made.draft.body == "Turn the stopcock clockwise.")
        #expect(made.draft.isPublished == false)
        #expect(made.reasons.contains("removed the greeting that names the customer"))
        let plain = ReplyArticle.draft(reply: "Turn it clockwise.", subject: "", details: Self.dana)
        #expect(plain.draft.title == "Turn it clockwise.")
        #expect(plain.reasons == ["nothing of the customer's was found in the reply"])
    }
}

extension ReplyArticleTests {
    @Test("the business's own address stays only while it is not also the customer's")
    func ownAddressUsedByTheCustomer() {
        var details = Self.dana
        details.customerEmails = ["office@rivera.example"]
        details.customerPhones = ["+1 312 555 0142"]
        let scrubbed = ReplyArticle.scrub("Write to office@rivera.example or call +1 312 555 0142.", details: details)
        #expect(scrubbed.text == "Write to [email address] or call [phone number].")
    }
}
