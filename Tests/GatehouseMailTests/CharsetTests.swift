import Foundation
import Testing
@testable import GatehouseMail

@Suite("Charsets")
struct CharsetTests {
    @Test("encoded words in every charset mail uses are decoded", arguments: [
        ("UTF-8", "R3LDvMOfZSDigJMg5L2g5aW9IPCfmIA=", "Grüße – 你好 😀"),
        ("US-ASCII", "UGxhaW4gd29yZHM=", "Plain words"),
        ("ISO-8859-1", "Q2Fm6SBjcuhtZQ==", "Café crème"),
        ("ISO-8859-2", "rmx1u2916Gv9IGv58g==", "Žluťoučký kůň"),
        ("ISO-8859-3", "oWH1YXI=", "Ħaġar"),
        ("ISO-8859-4", "q2ltZW5l", "Ģimene"),
        ("ISO-8859-5", "v+DY0tXi", "Привет"),
        ("ISO-8859-6", "5dHNyMc=", "مرحبا"),
        ("ISO-8859-7", "yuHr5+zd8eE=", "Καλημέρα"),
        ("ISO-8859-8", "+ezl7Q==", "שלום"),
        ("ISO-8859-9", "R/xuYXlk/W4=", "Günaydın"),
        ("ISO-8859-10", "3vNy8HVy", "Þórður"),
        ("ISO-8859-11", "ysfRyrTV", "สวัสดี"),
        ("ISO-8859-13", "wP51b2xhcw==", "Ąžuolas"),
        ("ISO-8859-14", "0Hlu", "Ŵyn"),
        ("ISO-8859-15", "UHJpeCA0OSCk", "Prix 49 €"),
        ("ISO-8859-16", "qnRpaW7+4w==", "Știință"),
        ("Windows-1250", "o/Nknw==", "Łódź"),
        ("Windows-1251", "xO7h8PvpIOTl7fw=", "Добрый день"),
        ("Windows-1252", "k1F1b3Rlc5QgliCA", "“Quotes” – €"),
        ("Windows-1253", "xfX34fHp8/T+", "Ευχαριστώ"),
        ("Windows-1254", "VGX+ZWtr/HJsZXI=", "Teşekkürler"),
        ("Windows-1255", "+uXj5A==", "תודה"),
        ("Windows-1256", "1N/Rxw==", "شكرا"),
        ("Windows-1257", "Qehp+w==", "Ačiū"),
        ("Windows-1258", "Q+FtIPVu", "Cám ơn"),
        ("KOI8-R", "89DB08nCzw==", "Спасибо"),
        ("KOI8-U", "5NHL1cAsIK3Bzs/L", "Дякую, ґанок"),
        ("Shift_JIS", "gqCC6IKqgsaCpA==", "ありがとう"),
        ("EUC-JP", "pKKk6qSspMikpg==", "ありがとう"),
        ("ISO-2022-JP", "GyRCJCIkaiQsJEgkJhsoQg==", "ありがとう"),
        ("GB2312", "0LvQuw==", "谢谢"),
        ("GBK", "0LvQu+lG", "谢谢镕"),
        ("GB18030", "0LvQu5UygjY=", "谢谢𠀀"),
        ("Big5", "wcLBwg==", "謝謝"),
        ("EUC-KR", "sKi758fVtM+02Q==", "감사합니다"),
    ])
    func encodedWordCharsets(charset: String, base64: String, expected: String) throws {
        let m = try mail("From: a@example.com\nSubject: =?\(charset)?B?\(base64)?=\n\nx\n")
        #expect(m.subject == expected)
        #expect(!codes(m).contains("bad-charset"))
        #expect(!codes(m).contains("bad-charset-bytes"))
    }

    @Test("a Japanese message reads an ISO-2022-JP subject and name and a Shift_JIS body, including CP932 characters")
    func japanese() throws {
        let m = try Fixture.read("japanese.eml")
        #expect(m.subject == "見積もりのお願い")
        #expect(m.from.first?.name == "田中 太郎")
        #expect(m.textBody == "リベラ様\n\n台所の水漏れの修理をお願いします。\n①至急\n")
        #expect(m.problems.isEmpty)
    }

    @Test("a Russian message reads a KOI8-R subject and body and a Windows-1251 name")
    func russian() throws {
        let m = try Fixture.read("russian.eml")
        #expect(m.subject == "Заявка на ремонт")
        #expect(m.from.first?.name == "Иван Петров")
        #expect(m.textBody == "Здравствуйте!\nНужна замена смесителя.\n")
    }

    @Test("a Chinese message labelled GB2312 with GBK characters is read whole")
    func chinese() throws {
        let m = try Fixture.read("chinese.eml")
        #expect(m.subject == "报价单（镕）")
        #expect(m.from.first?.name == "王小明")
        #expect(m.textBody == "您好，\n请给我发送报价。镕\n")
    }

    @Test("a Czech message in ISO-8859-2 quoted-printable is read")
    func czech() throws {
        let m = try Fixture.read("czech.eml")
        #expect(m.subject == "Oprava kotle - žádost")
        #expect(m.from.first?.name == "Jiří Šťastný")
        #expect(m.textBody == "Dobrý den,\nprosím o opravu kotle. Děkuji, Jiří Šťastný\n")
    }

    @Test("unknown charset names fall back to Windows-1252 without losing text and say so")
    func unknownCharset() throws {
        let m = try Fixture.read("bad-charset.eml")
        #expect(m.subject == "Pris for rør")
        #expect(m.textBody == "Price: 120 € per hour – “fair”\n")
        #expect(m.problems == [
            MailProblem(code: "bad-charset", message: "header Subject: unknown charset 'x-unknown-charset', read as Windows-1252"),
            MailProblem(code: "bad-charset", message: "message: unknown charset 'x-foo-bar', read as Windows-1252"),
        ])
    }

    @Test("UTF-8 text mislabelled as US-ASCII or ISO-2022-JP is read as UTF-8; bytes that fit no charset are read as Windows-1252")
    func mislabelled() throws {
        let (ascii, asciiTrouble) = Charsets.decode(Array("Grüße".utf8)[...], charset: "us-ascii")
        #expect(ascii == "Grüße")
        #expect(asciiTrouble?.code == "bad-charset-bytes")
        let (jis, jisTrouble) = Charsets.decode(Array("Grüße".utf8)[...], charset: "iso-2022-jp")
        #expect(jis == "Grüße")
        #expect(jisTrouble?.detail == "text declared as ISO-2022-JP is not valid ISO-2022-JP, read as UTF-8")
        let (latin, latinTrouble) = Charsets.decode([0x47, 0x72, 0xFC, 0xDF, 0x65][...], charset: "utf-8")
        #expect(latin == "Grüße")
        #expect(latinTrouble?.code == "bad-charset-bytes")
    }
}
