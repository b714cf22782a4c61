import Foundation
import Testing
@testable import GatehouseMail

@Suite("Messages from real mail clients")
struct ClientMessageTests {
    @Test("a Thunderbird reply with a quoted history marks the quote so it can be folded")
    func thunderbirdReply() throws {
        let m = try Fixture.read("thunderbird-reply.eml")
        #expect(m.subject == "Re: Boiler service next week")
        #expect(m.from == [MailAddress(name: "Ann Smith", address: "ann.smith@example.org")])
        #expect(m.to == [MailAddress(name: "Rivera Plumbing", address: "office@rivera.example")])
        #expect(m.messageID == "8f3a2c1e-77b4-4d2e-9c1a-2f1e0b9d4a11@example.org")
        #expect(m.inReplyTo == ["20240304101500.GA1234@rivera.example"])
        #expect(m.references == ["20240304101500.GA1234@rivera.example", "c0ffee12-3456-7890-abcd-ef0123456789@example.org"])
        #expect(m.date == Date(timeIntervalSince1970: 1_709_643_909))
        // format=flowed: the wrapped line comes back as one paragraph line.
        #expect(m.newText == "Hi Carlos,\n\nThursday morning works for me. The boiler is in the cellar, the key is under the mat – please ring first.\n\nBest,\nAnn")
        try #require(m.textSegments.map(\.kind) == [.text, .quoted, .signature])
        #expect(m.textSegments[1].text.hasPrefix("On 04.03.24 11:15, Carlos Rivera wrote:\n> Hello Ann,"))
        #expect(m.textSegments[2].text.hasPrefix("-- \nAnn Smith · 12 Lake Street · Chicago"))
        #expect(m.problems.isEmpty)
        #expect(!m.isAutomatic)
    }

    @Test("an iPhone message in quoted-printable reads its encoded subject and name and folds 'Sent from my iPhone'")
    func appleMail() throws {
        let m = try Fixture.read("apple-mail-iphone.eml")
        #expect(m.subject == "Café menu for Saturday")
        #expect(m.from.first?.name == "Jörg Müller")
        #expect(m.textBody == "Hi,\n\nCould you send me the café menu for Saturday? We’ll be 12 people.\n\nThanks!\nJörg\n\nSent from my iPhone\n")
        #expect(m.newText == "Hi,\n\nCould you send me the café menu for Saturday? We’ll be 12 people.\n\nThanks!\nJörg")
        #expect(m.textSegments.last == TextSegment(kind: .signature, text: "Sent from my iPhone\n"))
        #expect(m.htmlBody?.contains("<div>Jörg<br><br>") == true)
        #expect(m.attachments.isEmpty)
    }

    @Test("an Outlook reply in Windows-1252 keeps its PDF and marks the 'From: … Sent: …' block as quoted")
    func outlookReply() throws {
        let m = try Fixture.read("outlook-reply.eml")
        #expect(m.subject == "RE: Quote for bathroom")
        #expect(m.to == [MailAddress(name: "Rivera, Carlos", address: "office@rivera.example")])
        #expect(m.cc == [MailAddress(name: "Kowalski, Piotr (Finance)", address: "p.kowalski@contoso.example")])
        #expect(m.messageID == "AM0PR01MB12345678ABCDEF0123456789ABCD@AM0PR01MB1234.eurprd01.prod.outlook.com")
        #expect(m.newText == "Hello Carlos,\n\nThanks – the quote looks fine. Please go ahead with the bathroom in April.\n\nKind regards\nMarta Kowalski")
        try #require(m.textSegments.map(\.kind) == [.text, .quoted])
        #expect(m.textSegments[1].text.hasPrefix("From: Carlos Rivera <office@rivera.example>\nSent: Monday"))
        #expect(m.attachments.count == 1)
        let pdf = try #require(m.attachments.first)
        #expect(pdf.filename == "Signed quote.pdf")
        #expect(pdf.contentType == "application/pdf")
        #expect(pdf.size == 1040)
        #expect(pdf.data.prefix(8) == Data("%PDF-1.4".utf8))
        #expect(m.headers(named: "x-ms-has-attach").first?.value == "yes")
    }

    @Test("a Gmail reply with RFC 2231 and RFC 2047 filenames names every attachment correctly")
    func gmailAttachments() throws {
        let m = try Fixture.read("gmail-attachments.eml")
        #expect(m.attachments.map(\.filename) == ["Rechnung März 2024.pdf", "Küche Wasserschaden vorher und nachher.png", "Übersicht.txt"])
        #expect(m.attachments.map(\.size) == [1040, 608, 16])
        #expect(m.attachments.map(\.contentType) == ["application/pdf", "image/png", "text/plain"])
        #expect(m.attachments[1].contentID == "f_lt9x1abc1")
        #expect(String(decoding: m.attachments[2].data, as: UTF8.self) == "Rohr – Küche\n")
        #expect(m.messageID == "CAKx9qZ=abc123DEF456+ghi789@mail.gmail.com")
        // Gmail wraps a long attribution line; the quote still starts at "On …".
        #expect(m.newText == "Hi Carlos,\n\nhere are the invoice and the photos you asked for.\n\nCheers,\nLena")
        #expect(m.textSegments.last?.kind == .quoted)
        #expect(m.htmlBody?.hasPrefix("<div dir=\"ltr\">") == true)
    }

    @Test("an HTML-only newsletter becomes readable text and is automatic because of List-Unsubscribe and Precedence")
    func htmlOnly() throws {
        let m = try Fixture.read("html-only-newsletter.eml")
        #expect(m.textBody == """
            Spring news from Lakeside

            Dear customer,
            our roof checks are back & cheaper than ever – book now.

            - Gutter cleaning
            - Roof inspection – €49

            Read more on our website (https://lakeside.example/spring) or visit https://lakeside.example.

            > Quoted tip: clean gutters twice a year.

            © 2024 Lakeside Roofing
            """)
        #expect(!m.textBody.contains("alert"))
        #expect(!m.textBody.contains("color: red"))
        #expect(m.isAutomatic)
        #expect(m.automatic?.reasons == ["it has a List-Unsubscribe header, as newsletters and mailing lists do", "Precedence is 'bulk'"])
        #expect(m.date == Date(timeIntervalSince1970: 1_709_553_600))
    }

    @Test("mixed > alternative > related with an inline image keeps the plain text, the HTML, the image and the PDF")
    func nestedRelated() throws {
        let m = try Fixture.read("nested-related.eml")
        #expect(m.textBody == "The radiator in the hall is cold, see photo.\n")
        #expect(m.htmlBody?.contains("cid:radiator@oneil.example") == true)
        #expect(m.attachments.map(\.filename) == ["radiator.png", "attachment-2.pdf"])
        #expect(m.attachments.map(\.size) == [608, 1040])
        #expect(m.attachments[0].isInline)
        #expect(m.attachments[0].contentID == "radiator@oneil.example")
        #expect(m.attachments[1].hasMadeUpName)
        #expect(m.from == [MailAddress(name: "Dana O'Neil", address: "dana@oneil.example")])
        #expect(m.problems.isEmpty)
    }

    @Test("a PGP-signed message reads the signed text and keeps the signature as an attachment")
    func signed() throws {
        let m = try Fixture.read("pgp-signed.eml")
        #expect(m.textBody == "The gate code is 4711.\n")
        #expect(m.attachments.map(\.filename) == ["OpenPGP_signature.asc"])
        #expect(m.attachments.first?.contentType == "application/pgp-signature")
        #expect(m.attachments.first?.size == 113)
    }

    @Test("a forwarded message/rfc822 is an attachment named by its subject, and is read too")
    func forwarded() throws {
        let m = try Fixture.read("forwarded-attachment.eml")
        #expect(m.textBody == "See the attached complaint.\n")
        let attached = try #require(m.attachments.first)
        #expect(attached.filename == "Noisy pipes – again.eml")
        #expect(attached.contentType == "message/rfc822")
        #expect(attached.message?.subject == "Noisy pipes – again")
        #expect(attached.message?.from == [MailAddress(name: "Pat Doe", address: "pat@doe.example")])
        #expect(attached.message?.textBody == "The pipes are banging again at night.\n")
        #expect(attached.message?.messageID == "complaint.5@doe.example")
    }

    @Test("a leading mbox 'From ' line is skipped and a comment gives the sender's name")
    func mbox() throws {
        let m = try Fixture.read("mbox-from-line.eml")
        #expect(m.from == [MailAddress(name: "Ann Smith", address: "ann.smith@example.org")])
        #expect(m.subject == "From an mbox")
        // "EST" is five hours behind UTC.
        #expect(m.date == Date(timeIntervalSince1970: 1_709_665_509))
        #expect(m.textBody == "Plain mbox message.\n")
    }
}
