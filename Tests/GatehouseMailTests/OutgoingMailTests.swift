import Foundation
import Testing
@testable import GatehouseMail

@Suite("Writing mail")
struct OutgoingMailTests {
    static func acknowledgement(subject: String = "Re: Dripping tap", text: String) -> OutgoingMail {
        OutgoingMail(from: .init(name: "Rivera Plumbing & Heating", address: "office@rivera.example"),
                     to: [.init(name: "Dana Kowalski", address: "dana@example.org")],
                     subject: subject, text: text, messageID: "gatehouse.abc@rivera.example",
                     inReplyTo: "CAB123@mail.example.org", references: ["first@mail.example.org", "CAB123@mail.example.org"],
                     isAutomatic: true, date: 1_795_881_600)
    }

    static func headerBlock(_ data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self)
        return String(text[..<text.range(of: "\r\n\r\n")!.lowerBound])
    }

    @Test("an acknowledgement threads under the customer's message and says it was written automatically")
    func threading() {
        let head = Self.headerBlock(Self.acknowledgement(text: "Thanks, Dana.").rendered())
        #expect(head.contains("\r\nMessage-ID: <gatehouse.abc@rivera.example>\r\n"))
        #expect(head.contains("\r\nIn-Reply-To: <CAB123@mail.example.org>\r\n"))
        #expect(head.contains("\r\nReferences: <first@mail.example.org> <CAB123@mail.example.org>\r\n"))
        #expect(head.contains("\r\nAuto-Submitted: auto-replied\r\n"))
        #expect(head.hasPrefix("Date: Sat, 28 Nov 2026 16:00:00 +0000\r\n"))
        #expect(head.contains("\r\nFrom: \"Rivera Plumbing & Heating\" <office@rivera.example>\r\n") == false)
        #expect(head.contains("\r\nFrom: Rivera Plumbing & Heating <office@rivera.example>\r\n"))
        #expect(head.contains("\r\nTo: Dana Kowalski <dana@example.org>\r\n"))
    }

    @Test("a subject and a name in other scripts are written as RFC 2047 encoded words, never raw 8-bit")
    func encodedWords() {
        var mail = Self.acknowledgement(subject: "Réparation du chauffe-eau — devis", text: "Merci !")
        mail.to = [.init(name: "Zoë Müller", address: "zoe@example.de")]
        let data = mail.rendered()
        let head = Self.headerBlock(data)
        #expect(head.utf8.allSatisfy { $0 < 128 })
        let subject = "Réparation du chauffe-eau — devis"
        #expect(head.contains("Subject: =?utf-8?B?" + Data(subject.utf8).base64EncodedString() + "?="))
        #expect(head.contains("To: =?utf-8?B?" + Data("Zoë Müller".utf8).base64EncodedString() + "?= <zoe@example.de>"))
    }

    @Test("a body with accents or long lines travels as quoted-printable with lines under 78 characters")
    func quotedPrintable() {
        let long = String(repeating: "déjà vu ", count: 30)
        let data = Self.acknowledgement(text: "Bonjour,\n\n" + long + "\nFrom here on\n").rendered()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        #expect(data.allSatisfy { $0 < 128 })
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "too long: \(line)") }
        #expect(text.contains("d=C3=A9j=C3=A0 vu"))
        #expect(text.contains("\r\n=46rom here on"))
        // Soft breaks join back into the original line.
        let body = String(text[text.range(of: "\r\n\r\n")!.upperBound...])
        let joined = body.replacingOccurrences(of: "=\r\n", with: "")
        #expect(joined.contains(String(repeating: "d=C3=A9j=C3=A0 vu ", count: 29)))
    }

    @Test("a short plain ASCII body goes as 7bit with CRLF line ends")
    func plainBody() {
        let data = Self.acknowledgement(text: "Hi Dana,\nThanks.\n").rendered()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("Content-Transfer-Encoding: 7bit\r\n"))
        #expect(text.hasSuffix("\r\n\r\nHi Dana,\r\nThanks.\r\n\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test("Gatehouse recognises the Message-IDs it makes, and each one is new")
    func messageIDs() {
        let one = OutgoingMail.makeMessageID(domain: "rivera.example")
        let two = OutgoingMail.makeMessageID(domain: "rivera.example")
        #expect(one != two)
        #expect(one.hasSuffix("@rivera.example"))
        #expect(OutgoingMail.isGatehouseMessageID(one))
        #expect(!OutgoingMail.isGatehouseMessageID("CAB123@mail.example.org"))
    }
}
