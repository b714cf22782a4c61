import Foundation
import Testing
@testable import GatehouseMail

@Suite("Malformed messages are read as well as possible")
struct MalformedMessageTests {
    @Test("a multipart without its closing boundary keeps its last attachment and records the problem")
    func missingClosingBoundary() throws {
        let m = try Fixture.read("missing-closing-boundary.eml")
        #expect(m.textBody == "The upload got cut off.\n")
        #expect(m.attachments.map(\.filename) == ["data.bin"])
        #expect(m.attachments.first?.data == Data(0...15))
        #expect(m.problems == [MailProblem(code: "missing-closing-boundary", message: "message: multipart/mixed has no closing boundary '--cut--', read to the end")])
    }

    @Test("broken base64 is decoded around the junk and reported; base64 without padding is fine")
    func brokenBase64() throws {
        let m = try Fixture.read("broken-base64.eml")
        #expect(m.textBody == "Hello Carlos, the scan is attached.")
        #expect(m.attachments.first?.filename == "scan.jpg")
        #expect(m.attachments.first?.size == 30)
        #expect(m.problems == [MailProblem(code: "broken-base64", message: "part 2: broken base64: 3 character(s) that are not base64 were skipped")])
    }

    @Test("a boundary that never appears leaves the body as text")
    func boundaryNotFound() throws {
        let m = try Fixture.read("boundary-not-found.eml")
        #expect(m.textBody == "Just some text, the parts never came.\n")
        #expect(codes(m) == ["boundary-not-found"])
        #expect(m.summary.date == "2024-03-18T10:00:00Z")
    }

    @Test("no Date and no Message-ID are problems, and mixed CRLF and bare LF line endings are read")
    func noDateNoID() throws {
        let m = try Fixture.read("no-date-no-id-mixed-endings.eml")
        #expect(m.date == nil)
        #expect(m.messageID == nil)
        #expect(m.subject == "Call me")
        #expect(m.textBody == "Please call me back.\nThanks\n")
        #expect(codes(m) == ["bare-lf", "missing-date", "missing-message-id"])
    }

    @Test("bare CR line endings are read like any other")
    func bareCR() throws {
        let m = try MailReader.read(Array("From: a@example.com\rSubject: Old Mac\r\rHello\rWorld\r".utf8))
        #expect(m.subject == "Old Mac")
        #expect(m.textBody == "Hello\nWorld\n")
        #expect(codes(m).contains("bare-cr"))
    }

    @Test("a message without From says so")
    func noFrom() throws {
        let m = try mail("To: office@rivera.example\nSubject: who am I\n\nx\n")
        #expect(m.from.isEmpty)
        #expect(codes(m).contains("no-from"))
    }

    @Test("quoted-printable soft line breaks join lines and bad escapes are kept as they are")
    func quotedPrintable() throws {
        let m = try mail("From: a@example.com\nContent-Transfer-Encoding: quoted-printable\nContent-Type: text/plain; charset=utf-8\n\nA long line that was wra=\npped; 2+2=4 and =E2=82=AC10 =ZZ done.   \n")
        #expect(m.textBody == "A long line that was wrapped; 2+2=4 and €10 =ZZ done.\n")
        #expect(codes(m).contains("bad-quoted-printable"))
    }

    @Test("empty input, binary junk and text without mail headers cannot be read at all, with a reason")
    func unreadable() throws {
        #expect(throws: MailReadError.empty) { try MailReader.read([UInt8]()) }
        #expect(throws: MailReadError.self) { try MailReader.read(Array("  \n\r\n ".utf8)) }
        let junk = try Fixture.bytes("binary-junk.bin")
        do {
            _ = try MailReader.read(junk)
            Issue.record("binary junk was read as a message")
        } catch {
            #expect(error.code == "no-headers")
            #expect(error.message.hasPrefix("the input does not start with header lines"))
        }
        #expect(throws: MailReadError.self) { try MailReader.read(Array("Dear diary,\ntoday I wrote a file.\n".utf8)) }
        #expect(throws: MailReadError.self) { try MailReader.read(Array("Colour: blue\nSize: 3\n\nnot mail\n".utf8)) }
    }

    @Test("an archived message with Forwarded: stamps and an mbox From line above its headers is read, the lines set aside")
    func archiveStamps() throws {
        let m = try mail("""
            Forwarded: Mon, 26 Aug 2002 11:23:00 +0100
            Forwarded: Mon, 26 Aug 2002 11:21:12 +0100
            Forwarded: Mon, 26 Aug 2002 11:19:02 +0100
            From fork-admin@xent.example  Mon Aug 26 11:07:19 2002
            Return-Path: <fork-admin@xent.example>
            Delivered-To: dana@example.net
            From: Ken Ortiz <ken@xent.example>
            Subject: Lunch on Thursday?
            Date: Mon, 26 Aug 2002 10:59:00 +0100
            Message-ID: <lunch-1@xent.example>

            Shall we say noon?

            """)
        #expect(m.subject == "Lunch on Thursday?")
        #expect(m.from.first?.address == "ken@xent.example")
        #expect(m.messageID == "lunch-1@xent.example")
        #expect(m.textBody == "Shall we say noon?\n")
        #expect(m.problems.first { $0.code == "lines-before-headers" }?.message
                == "4 lines above the message's headers (an archive's stamps and its mbox From line) were set aside")
    }

    @Test("spaces before the first header are passed over; stamps and a From line above no mail headers are still not mail")
    func strayLeadingSpace() throws {
        let m = try mail("   From: a@example.com\nSubject: indented by a careless copy\n\nhello\n")
        #expect(m.subject == "indented by a careless copy")
        #expect(m.from.first?.address == "a@example.com")
        #expect(throws: MailReadError.self) { try MailReader.read(Array("Colour: blue\nFrom nowhere in particular\n\nnot mail\n".utf8)) }
    }

    @Test("a header block that ends without an empty line still gives headers and body")
    func noBlankLine() throws {
        let m = try mail("From: a@example.com\nSubject: tight\nHello there\n")
        #expect(m.subject == "tight")
        #expect(m.textBody == "Hello there\n")
        #expect(codes(m).contains("missing-blank-line"))
    }

    @Test("an attachment without any name gets a made-up one, and none is dropped")
    func madeUpNames() throws {
        let m = try mail("""
            From: a@example.com
            Content-Type: multipart/mixed; boundary=x

            --x

            hello
            --x
            Content-Type: text/calendar

            BEGIN:VCALENDAR
            --x
            Content-Type: text/html

            <p>second html</p>
            --x
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename="../../etc/passwd"

            data
            --x--
            """)
        #expect(m.textBody == "hello")
        #expect(m.attachments.map(\.filename) == ["attachment-1.ics", "attachment-2.html", "passwd"])
    }
}
