import GatehouseCore
import Testing

@Suite("Words customers read: paragraphs, wrapping, signature and grammar")
struct ProseTests {
    @Test("a hard-wrapped paragraph reads as one line; a blank line, or several, separates paragraphs")
    func reflow() {
        let text = "Hi Dana, thanks for your message. I answer messages at\n10:30 and 15:30 on working days.   \n\n\n\nIf water is leaking, call us.\n"
        #expect(Prose.reflow(text) == "Hi Dana, thanks for your message. I answer messages at 10:30 and 15:30 on working days.\n\nIf water is leaking, call us.")
    }

    @Test("greetings, closings, lists, labelled lines and a placeholder on its own line keep their breaks")
    func keptBreaks() {
        #expect(Prose.reflow("Hallo {{customer.first_name}},\nthank you for\nwriting.") == "Hallo {{customer.first_name}},\nthank you for writing.")
        #expect(Prose.reflow("Warm regards,\n{{business.name}}") == "Warm regards,\n{{business.name}}")
        #expect(Prose.reflow("Cost: {{job.price}}\nTime frame: {{job.time_frame}}\nNext step: call") == "Cost: {{job.price}}\nTime frame: {{job.time_frame}}\nNext step: call")
        #expect(Prose.reflow("These may help:\n- Reset a router\n- Printers") == "These may help:\n- Reset a router\n- Printers")
        #expect(Prose.reflow("Note: the sink\nis fine.") == "Note: the sink is fine.")
    }

    @Test("tidying a filled-in text leaves no trailing spaces, no doubled blank lines and no doubled spaces")
    func tidy() {
        #expect(Prose.tidy("Hi  Tom,\n\n\n\nThanks.  \n\n") == "Hi Tom,\n\nThanks.")
        #expect(Prose.tidy("- A: x\n  (y)") == "- A: x\n  (y)")
    }

    @Test("plain-text mail is wrapped at 72 columns after a space, which marks the soft break (format=flowed)")
    func flowed() {
        let paragraph = "Thank you for your message — it has arrived safely. I answer messages at set times so that every customer gets my full attention."
        let wrapped = MailWrap.flowed(paragraph + "\n\nAlex")
        let lines = wrapped.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 73 })
        #expect(lines.dropLast(3).allSatisfy { $0.hasSuffix(" ") } && !lines[lines.count - 3].hasSuffix(" "))
        #expect(lines.suffix(2) == ["", "Alex"])
        // Joining the soft breaks gives the paragraph back, every word whole.
        #expect(lines.dropLast(2).joined() == paragraph)
    }

    @Test("a link longer than the line stands whole on its own line; lines starting with a space, > or From are stuffed")
    func longWordsAndStuffing() {
        let link = "https://desk.example/status/" + String(repeating: "a", count: 80)
        #expect(MailWrap.flowed("See \(link) today") == "See \n\(link) \ntoday")
        #expect(MailWrap.flowed("From the desk\n> quoted\n  (link)") == " From the desk\n > quoted\n   (link)")
        #expect(MailWrap.flowed("short line   ") == "short line")
        // A phone number is never split across lines.
        #expect(MailWrap.flowed("If water is leaking inside your home, please do not wait and call us on +1 312 555 0142.")
                == "If water is leaking inside your home, please do not wait and call us on \n+1 312 555 0142.")
        // A time keeps its AM/PM on its line.
        let promise = "Thanks for your message, so you'll hear from me by Tuesday, December 1 at 4:15 PM. Thanks."
        #expect(MailWrap.flowed(promise) == "Thanks for your message, so you'll hear from me by Tuesday, December 1 \nat 4:15 PM. Thanks.")
    }

    static let signature = Signature(owner: "Alex Rivera", business: "Rivera Plumbing & Heating")

    @Test("every message is signed exactly once: the owner over the business, under the owner's own closing")
    func signing() {
        let signed = "Hi Dana,\n\nThanks.\n\nAlex Rivera\nRivera Plumbing & Heating"
        #expect(Self.signature.signing("Hi Dana,\n\nThanks.") == signed)
        #expect(Self.signature.signing("Hi Dana,\n\nThanks.\n\nAlex") == signed)
        #expect(Self.signature.signing("Hi Dana,\n\nThanks.\n\nRivera Plumbing & Heating") == signed)
        #expect(Self.signature.signing(signed) == signed)
        #expect(Self.signature.signing("Hi Dana,\n\nThanks.\n\nWarm regards,\nAlex") ==
                "Hi Dana,\n\nThanks.\n\nWarm regards,\nAlex Rivera\nRivera Plumbing & Heating")
        // Two replies joined into one mail, each signed, and a status line after the first signature.
        #expect(Self.signature.signing("Hi Dana,\n\nOne.\n\nAlex\n\nTwo.\n\nRivera Plumbing & Heating\n\nStatus: x") ==
                "Hi Dana,\n\nOne.\n\nTwo.\n\nStatus: x\n\nAlex Rivera\nRivera Plumbing & Heating")
        #expect(Self.signature.isSignedOnce(signed))
        #expect(!Self.signature.isSignedOnce("Hi,\n\nAlex\n\n" + signed))
        #expect(Signature(owner: nil, business: "Studio Lenz").signing("Hallo Mia,\n\nDanke.") == "Hallo Mia,\n\nDanke.\n\nStudio Lenz")
    }

    @Test("a sentence names what was asked in the customer's words, and its verb agrees: gutters aren't, a roof isn't")
    func grammar() {
        #expect(Grammar.isNot("gutters") == "aren't")
        #expect(Grammar.isNot("water heaters") == "aren't")
        #expect(Grammar.isNot("roof") == "isn't")
        #expect(Grammar.isNot("glass") == "isn't")
        #expect(Grammar.isNot("gas") == "isn't")
        #expect(Grammar.capitalized("gutters") == "Gutters")
        #expect(Grammar.quotedSubject("Invoice") == "“Invoice”")
        #expect(Grammar.quotedSubject("Re: RE: invoice 1043 ") == "“invoice 1043”")
        #expect(Grammar.quotedSubject("  ") == "your request")
        #expect(Grammar.jobTerms(agreed: false) == "what I propose")
        #expect(Grammar.jobTerms(agreed: true) == "what we agreed")
    }
}
