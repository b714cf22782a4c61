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

    @Test("a short plain ASCII body goes as 7bit format=flowed with CRLF line ends, its last line break the boundary's")
    func plainBody() {
        let data = Self.acknowledgement(text: "Hi Dana,\nThanks.\n").rendered()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("Content-Type: text/plain; charset=utf-8; format=flowed; delsp=no\r\nContent-Transfer-Encoding: 7bit\r\n"
            + "\r\nHi Dana,\r\nThanks.\r\n\r\n--=_gatehouse_"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
    }

    @Test("a long paragraph is sent wrapped at 72 columns, never inside a word, and read back whole (format=flowed)")
    func flowedParagraph() throws {
        let paragraph = "Thank you for your message. I answer messages at set times so that every customer gets my full "
            + "attention, and you will hear from me by Tuesday, December 1 at 4:15 PM. Please call +1 312 555 0142."
        let text = paragraph + "\n\nAlex Rivera\nRivera Plumbing & Heating\n"
        let data = Self.acknowledgement(text: text).rendered()
        // The wraps end in a space, so the part travels quoted-printable, each wrap's space written "=20".
        let parts = String(decoding: data, as: UTF8.self)
            .components(separatedBy: "format=flowed; delsp=no\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
        try #require(parts.count == 2)
        let sent = parts[1].components(separatedBy: "\r\n").prefix(4)
        #expect(sent.allSatisfy { $0.count <= 75 }, "\(sent)")
        #expect(sent.prefix(2).allSatisfy { $0.hasSuffix("=20") }, "each wrap is a soft break")
        #expect(sent.contains { $0.contains("4:15 PM") } && sent.contains { $0.contains("+1 312 555 0142") })
        #expect(try MailReader.read(data).textBody == text)
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

    // MARK: - The message read back

    /// Every line of a rendered message, split at CRLF.
    static func lines(_ data: Data) -> [Substring] {
        String(decoding: data, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
    }

    /// The value of `boundary="…"` in each multipart Content-Type of the message.
    static func boundaries(_ data: Data) -> [String] {
        let text = String(decoding: data, as: UTF8.self)
        return text.components(separatedBy: "boundary=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    static let invoice = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 256) })

    static func withEverything() -> OutgoingMail {
        var mail = acknowledgement(subject: "Réparation du chauffe-eau — devis n°12 pour l'appartement du 3e étage, côté cour",
                                   text: """
                                   Bonjour Zoë,

                                   Voici le devis. Questions? Écrivez à office@rivera.example ou voyez
                                   https://rivera.example/status/abc?x=1&y=2.
                                   From now on <script>alert('x')</script> & "quotes" stay text.
                                   """ + String(repeating: " très long", count: 40) + "\n")
        mail.from.name = "Plomberie Rivera & Fils — Chauffage"
        mail.to = [.init(name: "Zoë Müller", address: "zoe@example.de"), .init(address: "accounts@example.de")]
        mail.replyTo = .init(name: "Rivera, Office", address: "reply@rivera.example")
        mail.attachments = [
            .init(filename: "invoice.pdf", contentType: "application/pdf", data: invoice),
            .init(filename: "Devis n°12 — Zoë.pdf", contentType: "application/pdf", data: Data("%PDF-1.7 devis".utf8)),
            .init(filename: "Счёт за ремонт водонагревателя и замену труб в подвале дома.txt", contentType: "text/plain",
                  data: Data("Итого: 120 €\n".utf8)),
            .init(filename: "empty.bin", contentType: "application/octet-stream", data: Data()),
        ]
        return mail
    }

    @Test("read back with Gatehouse's own reader, the message says what was written: names, subject, thread, text")
    func roundTrip() throws {
        let mail = Self.withEverything()
        let read = try MailReader.read(mail.rendered())
        #expect(read.problems.isEmpty, "\(read.problems)")
        #expect(read.textBody == mail.text)
        #expect(read.subject == mail.subject)
        #expect(read.from.map(\.name) == ["Plomberie Rivera & Fils — Chauffage"])
        #expect(read.from.map(\.address) == ["office@rivera.example"])
        #expect(read.to.map(\.name) == ["Zoë Müller", nil])
        #expect(read.to.map(\.address) == ["zoe@example.de", "accounts@example.de"])
        #expect(read.replyTo.map(\.name) == ["Rivera, Office"])
        #expect(read.messageID == "gatehouse.abc@rivera.example")
        #expect(read.inReplyTo == ["CAB123@mail.example.org"])
        #expect(read.references == ["first@mail.example.org", "CAB123@mail.example.org"])
        #expect(read.automatic?.reason.contains("auto-replied") == true)
        #expect(read.date == Date(timeIntervalSince1970: 1_795_881_600))
        #expect(read.header("MIME-Version") == "1.0")
    }

    @Test("the text comes back exactly, whatever it holds (but spaces at a line's end, which format=flowed uses to mark its wraps)", arguments: [
        "", "a", "Thanks.\n", "\n\nTwo blank lines around\n\n", "trailing space \nand tab\t\nend",
        "From the start\n>From quoted", String(repeating: "x", count: 200), String(repeating: "é", count: 100),
        "=?utf-8?B?SGk=?= is not a header", ".\n..\n", "--=_gatehouse_\n--", "Emoji 🔧🚿 and 中文", "a\r\nb\r\n",
    ])
    func textRoundTrip(text: String) throws {
        let read = try MailReader.read(Self.acknowledgement(text: text).rendered())
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let expected = lines.map { line in
            var line = Substring(line)
            while line.last == " " || line.last == "\t" { line = line.dropLast() }
            return line
        }.joined(separator: "\n")
        #expect(read.textBody == expected)
        #expect(read.problems.isEmpty, "\(read.problems)")
    }

    @Test("without attachments the message is multipart/alternative; with them, multipart/mixed around it")
    func structure() throws {
        let plain = Self.acknowledgement(text: "Hi").rendered()
        #expect(Self.headerBlock(plain).contains("\r\nContent-Type: multipart/alternative;\r\n boundary=\"=_gatehouse_"))
        let mixed = Self.withEverything().rendered()
        #expect(Self.headerBlock(mixed).contains("\r\nContent-Type: multipart/mixed;\r\n boundary=\"=_gatehouse_"))
        let text = String(decoding: mixed, as: UTF8.self)
        #expect(text.contains("Content-Type: multipart/alternative;"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"))
        #expect(Set(Self.boundaries(mixed)).count == 2)
    }

    // MARK: - The HTML twin

    @Test("the HTML part is the same text escaped, in paragraphs, with web and email addresses as links")
    func htmlTwin() throws {
        let read = try MailReader.read(Self.withEverything().rendered())
        let html = try #require(read.htmlBody)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(html.contains("<title>Réparation du chauffe-eau — devis n°12 pour l&#39;appartement"))
        #expect(html.contains("<p>Bonjour Zoë,</p>\n<p>Voici le devis."))
        #expect(html.contains("<a href=\"mailto:office@rivera.example\">office@rivera.example</a> ou voyez<br>\n"))
        #expect(html.contains("<a href=\"https://rivera.example/status/abc?x=1&amp;y=2\">https://rivera.example/status/abc?x=1&amp;y=2</a>.<br>\n"))
        #expect(html.contains("From now on &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; stay text."))
        #expect(!html.contains("<script>"))
        #expect(html.hasSuffix("</p>\n</body>\n</html>\n"))
    }

    @Test("every kind of line end breaks a line, blank lines part paragraphs, and the text body keeps its lines")
    func lineEnds() {
        #expect(HTMLBody.paragraphs("Hi Dana,\r\n\r\nLine one\rline two\nline three\r\n \r\n\nBye")
                == "<p>Hi Dana,</p>\n<p>Line one<br>\nline two<br>\nline three</p>\n<p>Bye</p>")
        #expect(BodyEncoding.forText("one\r\ntwo\nthree").encoded == "one\r\ntwo\r\nthree\r\n")
    }

    @Test("links end where the sentence does and never swallow the text around them")
    func links() {
        #expect(HTMLBody.linked("see https://rivera.example/faq.") == "see <a href=\"https://rivera.example/faq\">https://rivera.example/faq</a>.")
        #expect(HTMLBody.linked("(https://en.example/wiki/Tap_(valve))") ==
            "(<a href=\"https://en.example/wiki/Tap_(valve)\">https://en.example/wiki/Tap_(valve)</a>)")
        #expect(HTMLBody.linked("HTTPS://A.example/?to=b@c.example") ==
            "<a href=\"HTTPS://A.example/?to=b@c.example\">HTTPS://A.example/?to=b@c.example</a>")
        #expect(HTMLBody.linked("mail dana.k+tap@example.org, not @example.org or a@b") ==
            "mail <a href=\"mailto:dana.k+tap@example.org\">dana.k+tap@example.org</a>, not @example.org or a@b")
        #expect(HTMLBody.linked("xhttps://no.example and https:// alone") == "xhttps://no.example and https:// alone")
        #expect(HTMLBody.linked("<https://a.example/\"x\">") ==
            "&lt;<a href=\"https://a.example/\">https://a.example/</a>&quot;x&quot;&gt;")
    }

    @Test("an HTML body given by the caller is sent as it is, beside the text")
    func htmlOverride() throws {
        var mail = Self.acknowledgement(text: "Thanks, Dana.")
        mail.html = "<p>Thanks, <b>Dana</b>.</p>"
        let read = try MailReader.read(mail.rendered())
        #expect(read.htmlBody == "<p>Thanks, <b>Dana</b>.</p>")
        #expect(read.textBody == "Thanks, Dana.")
    }

    // MARK: - Attachments

    @Test("attachments come back with their names in any script, their types and their exact bytes")
    func attachments() throws {
        let mail = Self.withEverything()
        let read = try MailReader.read(mail.rendered())
        #expect(read.attachments.map(\.filename) == mail.attachments.map(\.filename))
        #expect(read.attachments.map(\.contentType) == ["application/pdf", "application/pdf", "text/plain", "application/octet-stream"])
        #expect(read.attachments.map(\.size) == [1000, 14, mail.attachments[2].data.count, 0])
        #expect(read.attachments.map(\.data) == mail.attachments.map(\.data))
        #expect(read.attachments.allSatisfy { !$0.isInline && !$0.hasMadeUpName })
        #expect(read.textBody == mail.text)
        #expect(read.htmlBody != nil)
    }

    @Test("a name that is not plain ASCII is written per RFC 2231 beside an ASCII look-alike for old programs")
    func attachmentNames() throws {
        let text = String(decoding: Self.withEverything().rendered(), as: UTF8.self)
        #expect(text.contains("Content-Disposition: attachment; filename=\"invoice.pdf\"\r\n"))
        #expect(text.contains("Content-Disposition: attachment; filename=\"Devis n_12 _ Zoe.pdf\";\r\n"
            + " filename*=utf-8''Devis%20n%C2%B012%20%E2%80%94%20Zo%C3%AB.pdf\r\n"))
        #expect(text.contains("Content-Type: text/plain; name=\"attachment.txt\"\r\n"))
        // The long Cyrillic name is split into sections, each on its own line.
        #expect(text.contains(" filename*0*=utf-8''%D0%A1%D1%87%D1%91%D1%82"))
        #expect(text.contains(" filename*1*=%"))
        #expect(text.contains("Content-Type: application/pdf; name=\"invoice.pdf\"\r\n"))
    }

    @Test("a filename with folders or line breaks is written as a bare, single-line name")
    func hostileFilename() throws {
        var mail = Self.acknowledgement(text: "See attached.")
        mail.attachments = [.init(filename: "../../etc/pass\r\nBcc: evil@x.example", contentType: "text/plain\r\nBcc: evil@x.example",
                                  data: Data("x".utf8))]
        let data = mail.rendered()
        #expect(!Self.lines(data).contains { $0.lowercased().hasPrefix("bcc:") })
        let read = try MailReader.read(data)
        #expect(read.attachments.map(\.filename) == ["passBcc: evil@x.example"])
        #expect(read.attachments.map(\.contentType) == ["application/octet-stream"])
    }

    // MARK: - The format's limits

    @Test("every line stays within 78 characters and every byte is 7-bit, even for long names, subjects and files")
    func lineLengths() {
        var mail = Self.withEverything()
        mail.references = (1...30).map { "ref\($0).\(String(repeating: "z", count: 20))@mail.example.org" }
        mail.to.append(.init(name: String(repeating: "Dana Kowalski ", count: 12), address: "dana@example.org"))
        mail.to.append(.init(name: String(repeating: "N", count: 150), address: "n@example.org"))
        mail.subject = String(repeating: "S", count: 2000)
        let data = mail.rendered()
        #expect(data.allSatisfy { $0 < 128 })
        #expect(!OutgoingMail.needs8BitMIME(data))
        for line in Self.lines(data) {
            #expect(line.utf8.count <= 78, "too long: \(line)")
            #expect(!line.contains("\r") && !line.contains("\n"))
        }
    }

    @Test("no line passes 998 characters even when validate() was skipped for an absurd address")
    func hardLimit() throws {
        var mail = Self.acknowledgement(text: "Hi")
        mail.to = [.init(address: String(repeating: "a", count: 3000) + "@example.org")]
        mail.messageID = String(repeating: "m", count: 2000) + "@rivera.example"
        mail.subject = "e" + String(repeating: "\u{301}", count: 1000)  // one character of 2001 bytes
        let data = mail.rendered()
        #expect(Self.lines(data).allSatisfy { $0.utf8.count <= 998 })
        #expect(try MailReader.read(data).textBody == "Hi")
    }

    @Test("each boundary occurs only on its own delimiter lines and in its Content-Type")
    func boundariesAreUnique() throws {
        let data = Self.withEverything().rendered()
        let text = String(decoding: data, as: UTF8.self)
        for boundary in Self.boundaries(data) {
            let delimiters = Self.lines(data).filter { $0 == "--" + boundary || $0 == "--" + boundary + "--" }
            #expect(text.components(separatedBy: boundary).count - 1 == delimiters.count + 1)
        }
    }

    /// Always the same "random" numbers, so a test can put the first boundary in the text.
    struct SameNumbers: RandomNumberGenerator {
        mutating func next() -> UInt64 { 0x0123_4567_89AB_CDEF }
    }

    @Test("a boundary that happens to be in the text is not used; another one is")
    func boundaryCollision() throws {
        let first = "=_gatehouse_0123456789abcdef0123456789abcdef"
        let mail = Self.acknowledgement(text: "Odd but possible:\n--\(first)\n--\(first)--\nend\n")
        var numbers = SameNumbers()
        let data = mail.rendered(using: &numbers)
        #expect(Self.boundaries(data) == [first + "_1"])
        let read = try MailReader.read(data)
        #expect(read.textBody == mail.text)
        #expect(read.htmlBody?.contains("--\(first)--") == true)
    }

    // MARK: - Bad input

    /// One way a message can be wrong, and the field that must be blamed.
    struct BadInput: Sendable, CustomTestStringConvertible {
        var field: String
        var change: @Sendable (inout OutgoingMail) -> Void
        var testDescription: String { field }

        static func to(_ address: String, field: String = "to[0].address") -> BadInput {
            BadInput(field: field) { $0.to[0].address = address }
        }
    }

    static let badInputs: [BadInput] = [
        .to("dana.example.org"), .to("@example.org"), .to("dana@"), .to("dana @example.org"), .to("dana@example.org\r\nBcc: evil@x"),
        .to("<dana@example.org>"), .to("dana@exa\u{7}mple.org"), .to("dana@@example.org"), .to("dana,eve@example.org"),
        .to("dana@example..org"), .to("dana@exa_mple.org"),
        BadInput(field: "to[2].address") { $0.to.append(.init(address: "no-at-sign")) },
        BadInput(field: "from.address") { $0.from.address = "office" },
        BadInput(field: "replyTo.address") { $0.replyTo = .init(address: "reply@") },
        BadInput(field: "to[0].name") { $0.to[0].name = "Dana\r\nBcc: evil@x" },
        BadInput(field: "from.name") { $0.from.name = "Rivera\n" },
        BadInput(field: "from.name") { $0.from.name = "Rivera\u{0}" },
        BadInput(field: "subject") { $0.subject = "Hello\r\nBcc: evil@x" },
        BadInput(field: "subject") { $0.subject = "Hello \u{1B}[31m" },
        BadInput(field: "to") { $0.to = [] },
        BadInput(field: "messageID") { $0.messageID = "abc def@rivera.example" },
        BadInput(field: "messageID") { $0.messageID = "<abc@rivera.example>" },
        BadInput(field: "messageID") { $0.messageID = "abc@rivera.example\r\nBcc: evil@x" },
        BadInput(field: "messageID") { $0.messageID = "no-domain" },
        BadInput(field: "inReplyTo") { $0.inReplyTo = "a b@x" },
        BadInput(field: "inReplyTo") { $0.inReplyTo = "<a@x>" },
        BadInput(field: "references[1]") { $0.references = ["ok@x", "bad\n@x"] },
        BadInput(field: "attachments[0].filename") { $0.attachments = [.init(filename: " ", contentType: "text/plain", data: Data())] },
        BadInput(field: "attachments[0].filename") { $0.attachments = [.init(filename: "a\nb.txt", contentType: "text/plain", data: Data())] },
        BadInput(field: "attachments[0].contentType") { $0.attachments = [.init(filename: "a.pdf", contentType: "pdf", data: Data())] },
        BadInput(field: "attachments[0].contentType") {
            $0.attachments = [.init(filename: "a.pdf", contentType: "text/plain\r\nBcc: evil@x", data: Data())]
        },
    ]

    @Test("validate() names the field at fault and says what is expected", arguments: badInputs)
    func validation(bad: BadInput) throws {
        var mail = Self.withEverything()
        bad.change(&mail)
        let problem = try #require(throws: OutgoingMailProblem.self) { try mail.validate() }
        #expect(problem.field == bad.field)
        #expect(problem.message.hasSuffix("."))
        #expect(!problem.message.contains("\n") && !problem.message.contains("\r"))
        #expect(problem.description == "\(bad.field): \(problem.message)")
        #expect(mail.problems.map(\.field) == [bad.field])
    }

    @Test("a well-formed message, in any script, passes validate()")
    func validMail() throws {
        var mail = Self.withEverything()
        mail.to.append(.init(name: "Ünal", address: "ünal@example.com.tr"))
        try mail.validate()
        #expect(mail.problems.isEmpty)
    }

    @Test("the problems read as sentences about the value")
    func problemWording() {
        var mail = Self.acknowledgement(text: "Hi")
        mail.to[0].address = "dana.example.org"
        mail.subject = "Hi\r\nBcc: evil@x"
        #expect(mail.problems.map(\.message) == [
            "The address 'dana.example.org' has no @; an email address looks like name@example.org.",
            "The subject contains a line break; it must be a single line of printable characters.",
        ])
    }

    @Test("a subject, name, address or id carrying '\\r\\nBcc:' never becomes a Bcc header, even unvalidated")
    func headerInjection() throws {
        var mail = Self.acknowledgement(subject: "Hello\r\nBcc: evil@x.example", text: "Hi")
        mail.to[0].name = "Dana\r\nBcc: evil@x.example"
        mail.from.address = "office@rivera.example>\r\nBcc: evil@x.example"
        mail.inReplyTo = "a@b\nBcc: evil@x.example"
        mail.references = ["c@d\rBcc: evil@x.example"]
        let data = mail.rendered()
        #expect(!Self.lines(data).contains { $0.lowercased().hasPrefix("bcc:") })
        #expect(Self.lines(data).allSatisfy { !$0.contains("\r") && !$0.contains("\n") })
        let read = try MailReader.read(data)
        #expect(read.bcc.isEmpty)
        #expect(read.headers(named: "Bcc").isEmpty)
        #expect(read.subject == "Hello  Bcc: evil@x.example")
        #expect(read.to.map(\.address) == ["dana@example.org"])
    }

    // MARK: - For the SMTP client

    @Test("the SMTP client learns the recipients and whether the server must offer SMTPUTF8 or 8BITMIME")
    func smtpHelpers() {
        var mail = Self.withEverything()
        #expect(mail.envelopeRecipients == ["zoe@example.de", "accounts@example.de"])
        #expect(!mail.needsSMTPUTF8)
        #expect(!OutgoingMail.needs8BitMIME(mail.rendered()))
        mail.to.append(.init(address: "ünal@example.com.tr"))
        #expect(mail.needsSMTPUTF8)
        #expect(OutgoingMail.needs8BitMIME(mail.rendered()))
        #expect(OutgoingMail.needs8BitMIME(Data([0x41, 0x80])))
        #expect(!OutgoingMail.needs8BitMIME(Data("plain".utf8)))
        var replyOnly = Self.acknowledgement(text: "Hi")
        replyOnly.replyTo = .init(address: "büro@example.de")
        #expect(replyOnly.needsSMTPUTF8)
    }
}

@Suite("Outgoing mail: dated when it is handed to the server")
struct HandoffDateTests {
    @Test("the Date header is replaced, folded or not, and nothing else of the message changes")
    func stamped() {
        let written = "From: a@b.example\r\nDate: Mon, 23 Nov 2026 06:40:00\r\n +0000\r\nMessage-ID: <x@b.example>\r\n\r\nDate: in the body stays\r\n"
        let handed = String(decoding: HandoffDate.stamped(Data(written.utf8), at: 1_795_451_400), as: UTF8.self)
        #expect(handed == "From: a@b.example\r\nDate: Mon, 23 Nov 2026 16:30:00 +0000\r\nMessage-ID: <x@b.example>\r\n\r\nDate: in the body stays\r\n")
    }

    @Test("a message without a Date header gets one at the top; the body's own 'Date:' lines are never taken for it")
    func added() {
        let written = "From: a@b.example\r\n\r\nDate: not a header\r\n"
        let handed = String(decoding: HandoffDate.stamped(Data(written.utf8), at: 0), as: UTF8.self)
        #expect(handed == "Date: Thu, 1 Jan 1970 00:00:00 +0000\r\nFrom: a@b.example\r\n\r\nDate: not a header\r\n")
    }
}
