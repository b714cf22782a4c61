import Foundation
import Testing
@testable import GatehouseMail

@Suite("Automatic mail (RFC 3834)")
struct AutomaticMailTests {
    @Test("a delivery status notification is automatic, its report is text and the returned message is kept")
    func bounce() throws {
        let m = try Fixture.read("dsn-bounce.eml")
        #expect(m.isAutomatic)
        #expect(m.automatic?.reasons == [
            "its Return-Path is empty (<>), as bounces and auto-replies have",
            "Auto-Submitted is 'auto-replied'",
            "it comes from MAILER-DAEMON@mx.rivera.example, a mail system address",
            "it is a delivery or disposition report (delivery-status)",
        ])
        #expect(m.textBody.contains("<nobody@gone.example>: host mx.gone.example said: 550 5.1.1 User unknown"))
        #expect(m.attachments.map(\.contentType) == ["message/delivery-status", "message/rfc822"])
        #expect(String(decoding: m.attachments[0].data, as: UTF8.self).contains("Final-Recipient: rfc822; nobody@gone.example"))
        #expect(m.attachments[1].filename == "Your appointment.eml")
        #expect(m.attachments[1].message?.messageID == "appt.99@rivera.example")
        #expect(m.from == [MailAddress(name: "Mail Delivery System", address: "MAILER-DAEMON@mx.rivera.example")])
    }

    @Test("an Outlook out-of-office reply is automatic")
    func outOfOffice() throws {
        let m = try Fixture.read("out-of-office.eml")
        #expect(m.automatic?.reasons == ["Auto-Submitted is 'auto-generated'", "X-Auto-Response-Suppress is set, as auto-replies do",
                                         "its subject starts 'automatic reply', as out-of-office replies do, and it answers another message"])
        #expect(m.subject == "Automatic reply: Quote for bathroom")
    }

    @Test("mailing-list mail is automatic because of List-Id and Precedence: list")
    func mailingList() throws {
        let m = try Fixture.read("mailing-list.eml")
        #expect(m.automatic?.reason == "it came through a mailing list (List-Id); Precedence is 'list'")
    }

    @Test("a person's mail with Auto-Submitted: no is not automatic")
    func autoSubmittedNo() throws {
        let m = try mail("From: a@example.com\nAuto-Submitted: no\nSubject: hi\n\nhello\n")
        #expect(!m.isAutomatic)
    }

    @Test("each common sign alone makes mail automatic")
    func eachSign() throws {
        let signs = [
            "Auto-Submitted: auto-replied; owner-email=\"x@example.com\"",
            "Precedence: junk",
            "List-Id: <x.example.com>",
            "List-Unsubscribe: <mailto:u@example.com>",
            "X-Auto-Response-Suppress: OOF",
            "Return-Path: < >",
            "X-Autoreply: yes",
            "X-Autorespond: on",
        ]
        for sign in signs {
            let m = try mail("From: a@example.com\n\(sign)\nSubject: hi\n\nhello\n")
            #expect(m.isAutomatic, "\(sign)")
        }
        #expect(try mail("From: Postmaster@example.com\nSubject: hi\n\nx\n").isAutomatic)
        #expect(try mail("From: a@example.com\nX-Auto-Response-Suppress:\nSubject: hi\n\nx\n").isAutomatic == false)
    }

    @Test("an out-of-office reply with no header saying so is known by its subject, when it answers a message; a person's new message with such words is not")
    func unmarkedOutOfOffice() throws {
        for subject in ["Out of Office: Re: Your quote", "Automatic reply: Dripping faucet", "RE: Autoreply", "Abwesenheitsnotiz: Angebot",
                        "Réponse automatique : devis"] {
            let m = try mail("From: a@example.com\nSubject: \(subject)\nIn-Reply-To: <q1@rivera.example>\n\nI am away until Monday.\n")
            #expect(m.isAutomatic, "\(subject)")
            #expect(m.automatic?.reason.contains("as out-of-office replies do") == true)
        }
        // A customer's own new message, not answering anything, is a person's however it is titled.
        #expect(try mail("From: a@example.com\nSubject: Out of office next week: can you come Monday?\n\nHi\n").isAutomatic == false)
        // Words later in the subject do not count.
        #expect(try mail("From: a@example.com\nSubject: Re: my automatic reply is broken\nIn-Reply-To: <q1@x>\n\nHi\n").isAutomatic == false)
    }
}
