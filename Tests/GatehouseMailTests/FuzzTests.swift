import Foundation
import Testing
@testable import GatehouseMail

/// A small deterministic generator (SplitMix64) so every run fuzzes the same inputs.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Fuzzing: no input crashes or hangs the reader")
struct FuzzTests {
    /// Reads the input; whatever happens must be a ParsedMail or a MailReadError.
    private func survive(_ bytes: [UInt8]) {
        do {
            let m = try MailReader.read(bytes)
            _ = m.summary.jsonData()
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test("random bytes, random header-like lines and random MIME fragments are survived")
    func randomInput() {
        var rng = SeededGenerator(state: 42)
        let pieces = ["From: ", "To: ", "Subject: ", "Content-Type: multipart/mixed; boundary=b\n", "--b\n", "--b--\n", "\n", "\r\n", "\r",
                      "=?utf-8?B?", "=?x?Q?=", "?=", "Content-Transfer-Encoding: base64\n", "quoted-printable", "<", ">", "\"", "(", ")",
                      "Content-Type: message/rfc822\n", "filename*0*=utf-8''%C3", "; ", "=", "Date: ", "\t", " ", "@", ",", ":", ";", "&#x", "<li>"]
        for round in 0..<1_500 {
            var bytes: [UInt8] = []
            let length = Int.random(in: 0...600, using: &rng)
            if round % 2 == 0 {
                for _ in 0..<length { bytes.append(UInt8.random(in: 0...255, using: &rng)) }
            } else {
                bytes += Array("From: a@b\nContent-Type: multipart/mixed; boundary=b\n\n".utf8)
                while bytes.count < length {
                    if Bool.random(using: &rng) {
                        bytes += Array(pieces.randomElement(using: &rng)!.utf8)
                    } else {
                        bytes.append(UInt8.random(in: 0...255, using: &rng))
                    }
                }
            }
            survive(bytes)
        }
    }

    @Test("random mutations of every fixture are survived")
    func mutatedFixtures() throws {
        var rng = SeededGenerator(state: 7)
        for name in Fixture.allNames {
            let original = try Fixture.bytes(name)
            guard !original.isEmpty else { continue }
            for _ in 0..<120 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...12, using: &rng) {
                    let at = Int.random(in: 0..<max(bytes.count, 1), using: &rng)
                    switch Int.random(in: 0..<5, using: &rng) {
                    case 0 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                    case 1 where !bytes.isEmpty: bytes.remove(at: at)
                    case 2: bytes.insert(contentsOf: Array("\n--".utf8), at: min(at, bytes.count))
                    case 3 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...200, using: &rng)))
                    default:
                        let start = Int.random(in: 0..<max(bytes.count, 1), using: &rng)
                        let chunk = bytes[start..<min(bytes.count, start + 64)]
                        bytes.insert(contentsOf: chunk, at: min(at, bytes.count))
                    }
                }
                survive(bytes)
            }
        }
    }

    @Test("deeply nested multiparts and very long lines are survived quickly")
    func hostileShapes() throws {
        var nested = "From: a@b\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for depth in 1..<200 { nested += "--b\(depth - 1)\nContent-Type: multipart/mixed; boundary=b\(depth)\n\n" }
        let deep = try MailReader.read(Array(nested.utf8))
        #expect(deep.problems.contains { $0.code == "too-deep" })
        var longLine = Array("From: a@b\nSubject: ".utf8)
        longLine += [UInt8](repeating: UInt8(ascii: "("), count: 100_000)
        longLine += Array("\n\n".utf8) + [UInt8](repeating: UInt8(ascii: "="), count: 100_000)
        survive(longLine)
        let clock = ContinuousClock()
        let started = clock.now
        let openers = "From: a@b\nSubject: " + String(repeating: "=?utf-8?q?", count: 20_000) + "\n\nx\n"
        survive(Array(openers.utf8))
        let heads = "From: a@b\nContent-Type: text/html\n\n" + String(repeating: "<head><title>", count: 20_000)
        survive(Array(heads.utf8))
        #expect(clock.now - started < .seconds(5))
        var manyRFC822 = "From: a@b\nContent-Type: message/rfc822\n\n"
        for _ in 0..<50 { manyRFC822 += "From: a@b\nContent-Type: message/rfc822\n\n" }
        survive(Array(manyRFC822.utf8))
    }
}
