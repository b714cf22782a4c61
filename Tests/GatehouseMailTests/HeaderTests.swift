import Foundation
import Testing
@testable import GatehouseMail

@Suite("Header fields, encoded words, addresses, dates and ids")
struct HeaderTests {
    @Test("folded headers are unfolded, names are case-insensitive and repeated fields are kept in order")
    func folding() throws {
        let m = try mail("""
            Received: from a.example
            \tby b.example; Tue, 5 Mar 2024 10:00:00 +0000
            Received: from c.example by a.example
            SUBJECT: A subject that
              was folded
            from: Ann <ann@example.com>

            body
            """)
        #expect(m.subject == "A subject that  was folded")
        #expect(m.headers(named: "received").map(\.value) == ["from a.example\tby b.example; Tue, 5 Mar 2024 10:00:00 +0000", "from c.example by a.example"])
        #expect(m.header("Subject") == "A subject that  was folded")
        #expect(m.from == [MailAddress(name: "Ann", address: "ann@example.com")])
    }

    @Test("adjacent encoded words are joined without the space between them, plain text around them keeps its spaces")
    func adjacentEncodedWords() throws {
        let m = try mail("From: a@example.com\nSubject: Re: =?UTF-8?B?R3LDvMOf?= =?UTF-8?Q?e_aus?=\n =?ISO-8859-1?Q?_K=F6ln?= und mehr\n\nx\n")
        #expect(m.subject == "Re: Grüße aus Köln und mehr")
    }

    @Test("a character split across two base64 encoded words survives")
    func splitCharacter() throws {
        // "é" is C3 A9; each encoded word carries one of its bytes.
        let m = try mail("From: a@example.com\nSubject: =?utf-8?B?Y2Fmww==?= =?utf-8?B?qQ==?=\n\nx\n")
        #expect(m.subject == "café")
    }

    @Test("an address list with quoted names, comments, groups, an unquoted comma and a source route gives every mailbox")
    func addresses() throws {
        let m = try Fixture.read("address-oddities.eml")
        #expect(m.from == [MailAddress(name: "Rivera, Jr., Carlos", address: "Carlos.Rivera@rivera.example")])
        #expect(m.to.isEmpty)
        #expect(m.cc == [
            MailAddress(name: "Ann Smith", address: "ann@example.org"),
            MailAddress(name: "Smith, John", address: "John.Smith@example.com"),
            MailAddress(name: nil, address: "a@example.com"),
            MailAddress(name: "B. Jones", address: "b@example.com"),
            MailAddress(name: nil, address: "old@route.example"),
        ])
        #expect(m.replyTo == [MailAddress(name: "Renée Dupont", address: "renee@example.fr")])
        #expect(m.bcc == [MailAddress(name: nil, address: "bare@example.net")])
        #expect(m.messageID == "no-brackets-id@example.net")
        #expect(m.references == ["a@x", "b@y"])
        #expect(m.date == Date(timeIntervalSince1970: 1_710_856_800))
    }

    @Test("found by the fuzzer: a quote left open inside <…> never becomes an address; the sender is kept as text with the reason")
    func unclosedQuoteInAngle() throws {
        let found = try Fixture.read("fuzz-unclosed-quote-in-angle-address.eml")
        #expect(found.from.isEmpty)
        #expect(found.problems.contains { $0.code == "bad-address" && $0.message.contains("is not an address mail can be sent to") })
        let inline = try mail("From: Quick Note <note@example.com\"text/html>Hi there\nSubject: x\n\nhello\n")
        #expect(inline.from.isEmpty)
        #expect(try mail("From: <ann@exa mple.com>\nSubject: x\n\nhello\n").from.isEmpty)
        // Colons read as a source route inside <…> that never closes: what is left is no address either.
        #expect(try Fixture.read("fuzz-source-route-colons-in-angle-address.eml").from.isEmpty)
        // What is unusual but real stays an address: a quoted local part, a domain literal.
        #expect(try mail("From: \"john smith\"@example.com\nSubject: x\n\nhello\n").from.map(\.address) == ["\"john smith\"@example.com"])
        #expect(try mail("From: Lab <root@[192.0.2.1]>\nSubject: x\n\nhello\n").from.map(\.address) == ["root@[192.0.2.1]"])
    }

    @Test("two addresses with the comma between them left out are read as two, never as one invented address")
    func missingComma() throws {
        let m = try mail("From: Bob <bob@extern.example> Bobby <bobby@extern.example>\nTo: ann@example.com\nSubject: hi\n\nhello\n")
        #expect(m.from == [MailAddress(name: "Bob", address: "bob@extern.example"),
                           MailAddress(name: "Bobby", address: "bobby@extern.example")])
        #expect(!m.from.contains { $0.address.filter { $0 == "@" }.count > 1 }, "no address made of two")
        #expect(m.problems.contains { $0.code == "missing-comma" && $0.message == "header From: a comma is missing between two addresses; they are read as two" }, "\(m.problems)")
        let fine = try mail("From: Bob <bob@extern.example>, Bobby <bobby@extern.example>\n\nhello\n")
        #expect(fine.from.count == 2)
        #expect(!fine.problems.contains { $0.code == "missing-comma" })
    }

    @Test("8-bit header bytes are read without loss: UTF-8 as UTF-8, Latin-1 as Windows-1252 with a problem")
    func eightBitHeaders() throws {
        let m = try Fixture.read("8bit-headers.eml")
        #expect(m.subject == "Spørgsmål om pris")
        #expect(m.from == [MailAddress(name: "Zoë Ølsen", address: "zoe@example.dk")])
        #expect(codes(m) == ["8bit-header"])
        #expect(m.problems.first?.message == "header From contains raw 8-bit bytes that are not UTF-8, read as Windows-1252")
    }

    @Test("dates in RFC 5322 and the obsolete and sloppy forms real software sends are read", arguments: [
        ("Tue, 5 Mar 2024 14:02:11 +0100", "2024-03-05T13:02:11Z"),
        ("5 Mar 2024 14:02 -0500", "2024-03-05T19:02:00Z"),
        ("Tue, 05 Mar 24 14:02:11 GMT", "2024-03-05T14:02:11Z"),
        ("Tue, 5 Mar 2024 14:02:11 UT", "2024-03-05T14:02:11Z"),
        ("Tue, 5 Mar 2024 09:02:11 EST", "2024-03-05T14:02:11Z"),
        ("Tue, 5 Mar 2024 07:02:11 PDT", "2024-03-05T14:02:11Z"),
        ("Tue,  5 Mar 2024 14:02:11 +0000 (UTC)", "2024-03-05T14:02:11Z"),
        ("Tue Mar  5 14:02:11 2024", "2024-03-05T14:02:11Z"),
        ("Tuesday, 5 March 2024 15:02:11 CET", "2024-03-05T14:02:11Z"),
        ("5 Mar 99 14:02:11 +0000", "1999-03-05T14:02:11Z"),
        ("2024-03-05T14:02:11+01:00", "2024-03-05T13:02:11Z"),
        ("Tue, 5 Mar 2024 14:02:11.123 +0000", "2024-03-05T14:02:11Z"),
    ])
    func dates(value: String, expected: String) throws {
        let m = try mail("From: a@example.com\nDate: \(value)\n\nx\n")
        #expect(m.summary.date == expected)
        #expect(!codes(m).contains("bad-date"))
    }

    @Test("an unreadable Date gives nil and a bad-date problem; a missing one gives missing-date")
    func badDates() throws {
        let bad = try mail("From: a@example.com\nDate: sometime next week\n\nx\n")
        #expect(bad.date == nil)
        #expect(bad.problems.contains(MailProblem(code: "bad-date", message: "the Date header 'sometime next week' cannot be read as a date")))
        let missing = try mail("From: a@example.com\nSubject: x\n\nx\n")
        #expect(missing.date == nil)
        #expect(codes(missing).contains("missing-date"))
    }

    @Test("message ids come without brackets, junk between them is skipped and folding inside is removed")
    func messageIDs() throws {
        let m = try mail("""
            From: a@example.com
            Message-ID: <abc@host.example> (the first)
            In-Reply-To: <x1@h> (Ann's message of Tuesday)
            References: <x0@h>
             <x1@h> "junk" <x2@
             h>

            x
            """)
        #expect(m.messageID == "abc@host.example")
        #expect(m.inReplyTo == ["x1@h"])
        #expect(m.references == ["x0@h", "x1@h", "x2@h"])
    }

    @Test("structured headers lose their comments, nested and with quoted pairs")
    func comments() throws {
        let m = try mail("""
            From: a@example.com
            Content-Type: text/plain (plain (really \\) plain)); charset="utf-8" (the usual)
            Content-Transfer-Encoding: (enc) quoted-printable

            caf=C3=A9
            """)
        #expect(m.textBody == "café")
        #expect(m.problems.isEmpty == false) // no Date, no Message-ID
        #expect(!codes(m).contains("bad-content-type"))
    }
}
