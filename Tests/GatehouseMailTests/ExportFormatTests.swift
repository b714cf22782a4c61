import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseTestSupport
import Testing

/// Runs python3 with `script` and the arguments; what it prints.
private func python(_ script: String, _ arguments: [String]) throws -> String {
    let ran = try Program.python(script, arguments)
    guard ran.succeeded else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: ran.errors])
    }
    return ran.output
}

private func temporaryFile(_ data: Data, suffix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-export-\(UUID().uuidString)\(suffix)")
    try data.write(to: url)
    return url
}

@Suite("What an export is made of: zip and mbox, as other programs read them")
struct ExportFormatTests {
    @Test("CRC-32 gives the standard check value")
    func crc() {
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Data()) == 0)
    }

    @Test("a zip is read back by Python's zipfile with every name, byte and date, its checksums verified")
    func zipReadByPython() throws {
        var zip = ZipArchive(modified: Instant(secondsSince1970: 1_796_000_000))   // 2026-11-30 00:53 (UTC)
        let big = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try zip.add("README.txt", Data("Everything we keep about you.\n".utf8))
        try zip.add("messages.mbox", big)
        try zip.add("notes/ünïcode.json", Data("{\"a\": 1}\n".utf8))
        try zip.add("empty.json", Data())
        #expect(throws: ZipArchive.Problem.self) { try zip.add("../escape.txt", Data()) }
        #expect(throws: ZipArchive.Problem.self) { try zip.add("/etc/passwd", Data()) }
        let file = try temporaryFile(zip.data(), suffix: ".zip")
        defer { try? FileManager.default.removeItem(at: file) }
        let printed = try python("""
            import sys, zipfile, hashlib
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None
                for info in z.infolist():
                    data = z.read(info)
                    print(info.filename, len(data), hashlib.sha256(data).hexdigest()[:12], '%04d-%02d-%02d' % info.date_time[:3])
            """, [file.path])
        func sha(_ data: Data) throws -> String {
            try python("import sys, hashlib; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest()[:12])",
                       [try temporaryFile(data, suffix: ".bin").path]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(printed.split(separator: "\n").map(String.init) == [
            "README.txt 30 \(try sha(Data("Everything we keep about you.\n".utf8))) 2026-11-30",
            "messages.mbox 200000 \(try sha(big)) 2026-11-30",
            "notes/ünïcode.json 9 \(try sha(Data("{\"a\": 1}\n".utf8))) 2026-11-30",
            "empty.json 0 \(try sha(Data())) 2026-11-30",
        ])
    }

    @Test("an mbox of messages whose lines start with From is read back whole, by our reader and by Python's mailbox (one message each, never split at a From line)")
    func mboxRoundTrip() throws {
        let first = Data("From: Dana <dana@example.org>\r\nSubject: Faucet\r\n\r\nFrom the kitchen, it drips.\r\n>From a quote\r\n".utf8)
        let second = Data("From: office@rivera.example\nSubject: Re: Faucet\n\nFrom Tuesday we can come.\n".utf8)
        let mbox = Mbox.write([(first, "dana@example.org", Date(timeIntervalSince1970: 1_796_000_000)),
                               (second, nil, Date(timeIntervalSince1970: 1_796_003_600))])
        #expect(String(decoding: mbox, as: UTF8.self).hasPrefix("From dana@example.org Mon Nov 30 00:53:20 2026\n"))
        #expect(String(decoding: mbox, as: UTF8.self).contains("\n>From the kitchen"))
        #expect(String(decoding: mbox, as: UTF8.self).contains("\n>>From a quote"))
        #expect(Mbox.messages(in: mbox) == [first, second])
        let file = try temporaryFile(mbox, suffix: ".mbox")
        defer { try? FileManager.default.removeItem(at: file) }
        let printed = try python("""
            import sys, mailbox
            for message in mailbox.mbox(sys.argv[1]):
                print(message['Subject'], '|', message.get_payload().splitlines()[0])
            """, [file.path])
        // Python reads mbox as mboxo: the two messages are found whole, the quoting left in place
        // (as mail programs show it); our reader, like mboxrd readers, takes the quote off again.
        #expect(printed == "Faucet | >From the kitchen, it drips.\nRe: Faucet | >From Tuesday we can come.\n")
    }
}
