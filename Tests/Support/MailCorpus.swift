import Foundation
import GatehouseCore

/// A generated mailbox of realistic customer email for a plumbing business: threads
/// of first messages and follow-ups (replies to the owner's answers, which are not in
/// the corpus), plain and HTML mail, quoted-printable and base64, encoded subjects,
/// photos attached, urgent and loud and out-of-scope requests, and some automatic
/// mail. The same seed gives the same corpus.
public struct MailCorpus: Sendable {
    /// One generated message and the thread it belongs to.
    public struct Message: Sendable {
        public var fileName: String
        public var messageID: String
        public var thread: Int
        public var isReply: Bool
        public var data: Data
    }

    public var messages: [Message]

    /// `count` messages from about `count / 5` customers; a customer's threads are at least
    /// ten days apart so that each thread is one conversation. Files are named at random,
    /// so a folder read in directory order delivers replies before what they answer.
    public init(count: Int, seed: UInt64 = 42, start: Instant = Instant(secondsSince1970: 1_793_000_000)) {
        var random = SeededRandom(seed: seed)
        let customers = max(1, count / 5)
        var nextThreadStart = [Int64](repeating: start.secondsSince1970, count: customers)
        var messages: [Message] = []
        messages.reserveCapacity(count)
        var thread = 0
        while messages.count < count {
            let customer = Int.random(in: 0..<customers, using: &random)
            let person = Self.person(customer)
            var sent = nextThreadStart[customer] + Int64.random(in: 0...86_400, using: &random)
            let replies = min(Int.random(in: 0...3, using: &random), count - messages.count - 1)
            let topic = Self.topics[Int.random(in: 0..<Self.topics.count, using: &random)]
            var chain: [String] = []
            for index in 0...replies {
                let id = "\(thread)-\(index).\(String(random.next() % 1_000_000_007, radix: 36))@\(person.domain)"
                let ownerAnswer = "answer-\(thread)-\(index)@rivera.example"
                var headers = [
                    "Return-Path: <\(person.address)>",
                    "Received: from mail.\(person.domain) by mx.rivera.example with ESMTPS; \(Self.date(sent))",
                    "From: \(person.header)",
                    "To: Rivera Plumbing & Heating <office@rivera.example>",
                    "Subject: " + (index == 0 ? topic.subject : "Re: " + topic.subject),
                    "Date: \(Self.date(sent))",
                    "Message-ID: <\(id)>",
                ]
                if index > 0 {
                    // A reply to the owner's answer to the previous message.
                    headers.append("In-Reply-To: <\(ownerAnswer)>")
                    headers.append("References: " + (chain + [ownerAnswer]).map { "<\($0)>" }.joined(separator: " "))
                }
                let automatic = index == 0 && Int.random(in: 0..<40, using: &random) == 0
                if automatic { headers.append("Auto-Submitted: auto-replied") }
                let text = (index == 0 ? topic.body : Self.followUps[Int.random(in: 0..<Self.followUps.count, using: &random)])
                    + "\n\n" + person.first
                    + (index > 0 ? "\n\nOn \(Self.date(sent - 3600)), Rivera Plumbing wrote:\n> Thanks, we'll be in touch.\n" : "\n")
                let body = Self.body(text, person: person, random: &random)
                let data = Data((headers + ["MIME-Version: 1.0"] + body).joined(separator: "\r\n").utf8)
                let name = String(random.next(), radix: 16) + ".eml"
                messages.append(Message(fileName: name, messageID: id, thread: thread, isReply: index > 0, data: data))
                chain.append(id)
                chain.append(ownerAnswer)
                sent += Int64.random(in: 3_600...172_800, using: &random)
            }
            nextThreadStart[customer] = sent + 10 * 86_400
            thread += 1
        }
        self.messages = messages
    }

    /// Writes every message to `folder`, one file each.
    public func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for message in messages {
            try message.data.write(to: folder.appendingPathComponent(message.fileName))
        }
    }

    struct Person {
        var first: String
        var last: String
        var domain: String
        var address: String { "\(first.lowercased().folding(options: .diacriticInsensitive, locale: nil)).\(last.lowercased())\(domainSuffix)@\(domain)" }
        var domainSuffix: String
        var header: String {
            let name = "\(first) \(last)"
            if name.unicodeScalars.allSatisfy(\.isASCII) { return "\(name) <\(address)>" }
            return "=?utf-8?B?\(Data(name.utf8).base64EncodedString())?= <\(address)>"
        }
    }

    static let firstNames = ["Dana", "Maria", "José", "Zoë", "Sam", "Priya", "Tomás", "Lee", "Aisha", "Chen", "Olga", "Ben"]
    static let lastNames = ["Kowalski", "Lopez", "Nguyen", "Smith", "Okafor", "Müller", "Rossi", "Khan", "Berg", "Silva"]
    static let domains = ["example.org", "example.com", "mail.example.net", "inbox.example"]

    static func person(_ index: Int) -> Person {
        let first = firstNames[index % firstNames.count]
        let last = lastNames[(index / firstNames.count) % lastNames.count]
        let suffix = index >= firstNames.count * lastNames.count ? String(index) : ""
        return Person(first: first, last: last, domain: domains[index % domains.count], domainSuffix: suffix)
    }

    struct Topic {
        var subject: String
        var body: String
    }

    static let topics = [
        Topic(subject: "Dripping kitchen faucet", body: "Hi, our kitchen faucet has been dripping for a week. Could someone come and look at it next week? Mornings are best."),
        Topic(subject: "URGENT!!! call me", body: "URGENT!!! Please call me back as soon as possible about the bathroom tap, it is really annoying."),
        Topic(subject: "Water everywhere", body: "The pipe under the sink burst and the basement is flooding. Please come as soon as you can!"),
        Topic(subject: "No heat since last night", body: "We have had no heat since last night and the kids are cold. The boiler shows an error light."),
        Topic(subject: "Quote for a new water heater", body: "We would like a quote for a water heater install before the end of the month, by Friday if possible."),
        Topic(subject: "Gutters", body: "Could you also clean the gutters on our house? They overflow when it rains."),
        Topic(subject: "Invoice question", body: "I have a question about the last invoice — the hours seem higher than we discussed. Could you explain?"),
        Topic(subject: "Réparation du radiateur", body: "Bonjour, le radiateur du salon ne chauffe plus. Pouvez-vous passer cette semaine ? Merci beaucoup."),
        Topic(subject: "Toilet keeps running", body: "The downstairs toilet keeps running after every flush. Not urgent, whenever you have time."),
        Topic(subject: "Smell of gas in the kitchen", body: "There is a gas smell in the kitchen near the stove. I've opened the windows."),
    ]

    static let followUps = [
        "Thanks for getting back to me. Tuesday morning works for us.",
        "Just following up — is there any news on this?",
        "Great, thank you! See you then.",
        "Sorry, one more thing: the bathroom sink is slow to drain as well.",
        "It's getting worse, there is now a small leak under the cabinet.",
    ]

    /// The MIME body lines: plain 7bit, quoted-printable, HTML alternative, or with a photo.
    static func body(_ text: String, person: Person, random: inout SeededRandom) -> [String] {
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<4 where text.unicodeScalars.allSatisfy(\.isASCII):
            return ["Content-Type: text/plain; charset=us-ascii", "Content-Transfer-Encoding: 7bit", "", crlf]
        case 0..<6:
            return ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
                    quotedPrintable(crlf)]
        case 6..<9:
            let boundary = "alt-\(random.next() % 1_000_000)"
            let html = "<html><body><p>" + text.replacingOccurrences(of: "&", with: "&amp;")
                .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\n\n", with: "</p><p>")
                .replacingOccurrences(of: "\n", with: "<br>") + "</p></body></html>"
            return ["Content-Type: multipart/alternative; boundary=\"\(boundary)\"", "",
                    "--\(boundary)", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
                    quotedPrintable(crlf),
                    "--\(boundary)", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", "",
                    wrapped(Data(html.utf8).base64EncodedString()),
                    "--\(boundary)--", ""]
        default:
            let boundary = "mixed-\(random.next() % 1_000_000)"
            let photo = Data((0..<Int.random(in: 2_000...12_000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
            return ["Content-Type: multipart/mixed; boundary=\"\(boundary)\"", "",
                    "--\(boundary)", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
                    quotedPrintable(crlf),
                    "--\(boundary)", "Content-Type: image/jpeg; name=\"photo.jpg\"", "Content-Disposition: attachment; filename=\"photo.jpg\"",
                    "Content-Transfer-Encoding: base64", "", wrapped(photo.base64EncodedString()),
                    "--\(boundary)--", ""]
        }
    }

    static func wrapped(_ base64: String) -> String {
        var lines: [Substring] = []
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        return lines.joined(separator: "\r\n")
    }

    static func quotedPrintable(_ text: String) -> String {
        var out = ""
        var width = 0
        for byte in text.utf8 {
            if byte == 13 || byte == 10 { out.unicodeScalars.append(Unicode.Scalar(byte)); width = 0; continue }
            let piece = (byte >= 33 && byte <= 126 && byte != 61) || byte == 32
                ? String(Unicode.Scalar(byte)) : "=" + String(format: "%02X", byte)
            if width + piece.count > 75 { out += "=\r\n"; width = 0 }
            out += piece
            width += piece.count
        }
        return out
    }

    // Only ever used under the lock below.
    nonisolated(unsafe) static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "America/Chicago")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter
    }()
    static let formatterLock = NSLock()

    static func date(_ seconds: Int64) -> String {
        formatterLock.withLock { formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) }
    }
}
