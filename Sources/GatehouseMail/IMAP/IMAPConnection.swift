import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// A folder on the server, as LIST names it.
public struct IMAPFolder: Sendable, Equatable {
    /// The name to SELECT it by (as the server spells it).
    public var name: String
    /// `\HasNoChildren`, `\Noselect`, and the special uses (`\Sent`, `\All`, …).
    public var attributes: [String]
    /// The character that separates levels of folders, if the server has levels.
    public var delimiter: String?

    /// Whether it can be opened at all (not a mere level in the hierarchy).
    public var canBeOpened: Bool { !attributes.contains { $0.caseInsensitiveCompare("\\Noselect") == .orderedSame || $0.caseInsensitiveCompare("\\NonExistent") == .orderedSame } }
}

/// What opening a folder told: the numbers that say which messages are new.
public struct IMAPFolderStatus: Sendable, Equatable {
    public var folder: String
    /// Changes when the server renumbers the folder: remembered UIDs then mean nothing.
    public var uidValidity: UInt32
    /// The UID the next message will get (a lower bound), when the server says.
    public var uidNext: UInt32?
    /// How many messages the folder holds.
    public var messages: Int
}

/// One message as fetched: its UID in the folder and its bytes, exactly as the server keeps them.
public struct IMAPFetchedMessage: Sendable, Equatable {
    public var uid: UInt32
    public var raw: Data
}

/// An open, signed-in session with an IMAP server. Made by `IMAPClient.withConnection`; used
/// from one task at a time.
public final class IMAPConnection {
    let channel: any Channel
    private var responses: NIOAsyncChannelInboundStream<IMAPResponse>.AsyncIterator
    private let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let settings: IMAPServerSettings
    private var tagNumber = 0
    /// What the server says it can do (upper-cased): `IMAP4REV1`, `STARTTLS`, `AUTH=PLAIN`, `LITERAL+`, …
    public private(set) var capabilities: Set<String> = []
    /// Whether the session can no longer be used (the connection failed or was abandoned).
    public private(set) var isBroken = false
    /// Whether the connection is encrypted.
    public private(set) var isEncrypted: Bool

    init(channel: any Channel, inbound: NIOAsyncChannelInboundStream<IMAPResponse>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
         settings: IMAPServerSettings) {
        self.channel = channel
        self.responses = inbound.makeAsyncIterator()
        self.writer = outbound
        self.settings = settings
        self.isEncrypted = settings.security == .tls
    }

    private var host: String { settings.host }

    // MARK: Opening the session

    /// Reads the greeting, asks for the capabilities, upgrades with STARTTLS and signs in.
    func open() async throws {
        let greeting = try await reply(to: "the greeting")
        guard greeting.tag == "*", let status = greeting.status, status == "OK" || status == "PREAUTH" else {
            throw IMAPError(.refused, "\(host) turned the connection away: \(greeting.text.prefix(200))")
        }
        try await askCapabilities()
        if settings.security == .starttls {
            guard capabilities.contains("STARTTLS") else {
                throw IMAPError(.tls, "\(host) does not offer STARTTLS, so the connection cannot be encrypted; "
                                + "choose TLS (usually port 993)")
            }
            let answer = try await run("STARTTLS", what: "STARTTLS")
            guard answer.done.status == "OK" else {
                throw IMAPError(.tls, "\(host) refused STARTTLS: \(answer.done.humanText)")
            }
            try await startTLS()
            try await askCapabilities()
        }
        if status != "PREAUTH" { try await signIn() }
    }

    private func askCapabilities() async throws {
        let answer = try await run("CAPABILITY", what: "CAPABILITY")
        try expectOK(answer.done, what: "CAPABILITY")
        var found: Set<String> = []
        for response in answer.untagged {
            let words = response.text.split(separator: " ").map { $0.uppercased() }
            if words.count > 1, words[1] == "CAPABILITY" { found.formUnion(words.dropFirst(2)) }
        }
        capabilities = found
    }

    private func startTLS() async throws {
        let context = try IMAPClient.tlsContext(for: settings)
        let handshake = try await MailServerChannel.startTLS(on: channel, context: context, host: settings.host)
        try await step("setting up encryption") { try await handshake.get() }
        isEncrypted = true
    }

    private func signIn() async throws {
        if capabilities.contains("LOGINDISABLED"), !capabilities.contains("AUTH=PLAIN") {
            throw IMAPError(.authentication, "\(host) does not allow signing in on this connection (LOGINDISABLED); "
                            + "choose TLS or STARTTLS")
        }
        if settings.signIn == .xoauth2 { return try await signInWithAccessToken() }
        let usePlain = switch settings.signIn {
        case .plain: true
        case .login, .xoauth2: false
        case .automatic: capabilities.contains("AUTH=PLAIN") || capabilities.contains("LOGINDISABLED")
        }
        let answer: IMAPResponse
        if usePlain {
            let token = Data([0] + Array(settings.username.utf8) + [0] + Array(settings.password.utf8)).base64EncodedString()
            answer = try await authenticate("PLAIN", token)
        } else {
            answer = try await run("LOGIN \(Self.quoted(settings.username)) \(Self.quoted(settings.password))",
                                   what: "LOGIN", redacted: true).done
        }
        try requireSignedIn(answer, checking: "the sign-in", refused: "refused the user name or password for \(settings.username) "
                            + "(\(answer.humanText)); check them, and for Gmail or Microsoft 365 use an app password")
        try await learnCapabilities(from: answer)
    }

    /// AUTHENTICATE XOAUTH2 (as Gmail and Microsoft 365 define it): the user and an OAuth access token.
    private func signInWithAccessToken() async throws {
        guard capabilities.contains("AUTH=XOAUTH2") else {
            throw IMAPError(.authentication, "\(host) does not offer signing in with an access token (XOAUTH2); use a password instead")
        }
        let token = Data("user=\(settings.username)\u{1}auth=Bearer \(settings.password)\u{1}\u{1}".utf8).base64EncodedString()
        let answer = try await authenticate("XOAUTH2", token)
        try requireSignedIn(answer, checking: "the access token", refused: "refused the access token for \(settings.username) "
                            + "(\(answer.humanText)); check the token command, and that the token is for mail (IMAP)")
        try await learnCapabilities(from: answer)
    }

    /// AUTHENTICATE with a SASL mechanism and its response: in the command where the server takes
    /// it (SASL-IR, RFC 4959), else when asked. A refusal that comes as a challenge with the reason
    /// (XOAUTH2's) is answered with an empty line. The response is a secret: never in an error or a log.
    private func authenticate(_ mechanism: String, _ response: String) async throws -> IMAPResponse {
        if capabilities.contains("SASL-IR") {
            return try await run("AUTHENTICATE \(mechanism) \(response)", what: "AUTHENTICATE \(mechanism)", redacted: true,
                                 continuation: ByteBuffer(string: "\r\n")).done
        }
        return try await run("AUTHENTICATE \(mechanism)", what: "AUTHENTICATE \(mechanism)",
                             continuation: ByteBuffer(string: response + "\r\n"), emptyAfter: true).done
    }

    /// Throws unless the sign-in was accepted: the server unable to check it just now, or `refused`.
    private func requireSignedIn(_ answer: IMAPResponse, checking what: String, refused: String) throws {
        guard answer.status != "OK" else { return }
        if (answer.code ?? "").uppercased().hasPrefix("UNAVAILABLE") {
            throw IMAPError(.refused, "\(host) could not check \(what) just now: \(answer.humanText)")
        }
        throw IMAPError(.authentication, "\(host) \(refused)")
    }

    /// Servers may offer more once signed in: the answer often says what, else ask again.
    private func learnCapabilities(from answer: IMAPResponse) async throws {
        let code = (answer.code ?? "").uppercased()
        if code.hasPrefix("CAPABILITY ") {
            capabilities = Set(code.split(separator: " ").dropFirst().map(String.init))
        } else {
            try await askCapabilities()
        }
    }

    // MARK: Reading folders

    /// Every folder on the server (LIST "" "*").
    public func folders() async throws -> [IMAPFolder] {
        let answer = try await run("LIST \"\" \"*\"", what: "LIST")
        try expectOK(answer.done, what: "LIST")
        var found: [IMAPFolder] = []
        for response in answer.untagged {
            let values = try response.values()
            guard values.count >= 4, values[0].text?.uppercased() == "LIST", case .list(let attributes) = values[1],
                  let name = values[3].text else { continue }
            found.append(IMAPFolder(name: name, attributes: attributes.compactMap(\.text), delimiter: values[2].text))
        }
        return found
    }

    /// Opens a folder read-only (EXAMINE), so nothing Gatehouse does can change it.
    public func examine(_ folder: String) async throws -> IMAPFolderStatus {
        try await open(folder, command: "EXAMINE")
    }

    /// Opens a folder for changes (SELECT).
    public func select(_ folder: String) async throws -> IMAPFolderStatus {
        try await open(folder, command: "SELECT")
    }

    private func open(_ folder: String, command: String) async throws -> IMAPFolderStatus {
        let answer = try await run("\(command) \(Self.quoted(folder))", what: "\(command) \(folder)")
        guard answer.done.status == "OK" else {
            throw IMAPError(.noSuchFolder, "\(host) has no folder \"\(folder)\" that can be opened (\(answer.done.humanText))")
        }
        var validity: UInt32?
        var next: UInt32?
        var messages = 0
        for response in answer.untagged {
            if let code = response.code {
                let parts = code.split(separator: " ")
                if parts.count == 2, parts[0].uppercased() == "UIDVALIDITY" { validity = UInt32(parts[1]) }
                if parts.count == 2, parts[0].uppercased() == "UIDNEXT" { next = UInt32(parts[1]) }
            }
            let words = response.text.split(separator: " ")
            if words.count == 3, words[2].uppercased() == "EXISTS", let count = Int(words[1]) { messages = count }
        }
        guard let validity else {
            throw IMAPError(.protocolViolation, "\(host) opened \"\(folder)\" without saying its UIDVALIDITY")
        }
        return IMAPFolderStatus(folder: folder, uidValidity: validity, uidNext: next, messages: messages)
    }

    /// The UIDs in the open folder matching `criteria` (UID SEARCH), in increasing order.
    public func uidSearch(_ criteria: String) async throws -> [UInt32] {
        let answer = try await run("UID SEARCH \(criteria)", what: "UID SEARCH")
        try expectOK(answer.done, what: "UID SEARCH")
        var uids: [UInt32] = []
        for response in answer.untagged {
            let words = response.text.split(separator: " ")
            guard words.count >= 2, words[1].uppercased() == "SEARCH" else { continue }
            uids += words.dropFirst(2).compactMap { UInt32($0) }
        }
        return uids.sorted()
    }

    /// The UIDs in the open folder above `uid`, whether read or not, in increasing order.
    public func uids(above uid: UInt32) async throws -> [UInt32] {
        guard uid < UInt32.max else { return [] }
        // `n:*` also matches the highest message when every UID is below n: filtered out here.
        return try await uidSearch("UID \(uid + 1):*").filter { $0 > uid }
    }

    /// The UID and size in bytes of every message above `uid`, whether read or not, in UID order
    /// (to plan fetches that keep memory bounded).
    public func sizes(above uid: UInt32) async throws -> [(uid: UInt32, size: Int)] {
        guard uid < UInt32.max else { return [] }
        let answer = try await run("UID FETCH \(uid + 1):* (UID RFC822.SIZE)", what: "UID FETCH")
        try expectOK(answer.done, what: "UID FETCH")
        var found: [(uid: UInt32, size: Int)] = []
        for response in answer.untagged {
            let values = try response.values()
            guard values.count >= 3, values[1].text?.uppercased() == "FETCH", case .list(let items) = values[2] else { continue }
            var number: UInt32?
            var size: Int?
            var index = 0
            while index + 1 < items.count {
                let key = items[index].text?.uppercased() ?? ""
                if key == "UID" { number = items[index + 1].number.flatMap { UInt32(exactly: $0) } }
                if key == "RFC822.SIZE" { size = items[index + 1].number.flatMap { Int(exactly: $0) } }
                index += 2
            }
            // `n:*` also matches the highest message when every UID is below n: filtered out here.
            if let number, number > uid { found.append((number, size ?? 0)) }
        }
        return found.sorted { $0.uid < $1.uid }
    }

    /// The whole of each message (BODY.PEEK[], which leaves `\Seen` as it is). A UID the server
    /// no longer has is simply missing from the answer.
    public func fetch(uids: [UInt32]) async throws -> [IMAPFetchedMessage] {
        guard !uids.isEmpty else { return [] }
        let answer = try await run("UID FETCH \(Self.sequenceSet(uids)) (UID BODY.PEEK[])", what: "UID FETCH")
        try expectOK(answer.done, what: "UID FETCH")
        var fetched: [IMAPFetchedMessage] = []
        for response in answer.untagged {
            let values = try response.values()
            guard values.count >= 3, values[1].text?.uppercased() == "FETCH", case .list(let items) = values[2] else { continue }
            var uid: UInt32?
            var body: Data?
            var index = 0
            while index + 1 < items.count {
                let key = items[index].text?.uppercased() ?? ""
                if key == "UID" { uid = items[index + 1].number.flatMap { UInt32(exactly: $0) } }
                if key == "BODY[]" { if case .string(let data) = items[index + 1] { body = data } }
                index += 2
            }
            if let uid, let body { fetched.append(IMAPFetchedMessage(uid: uid, raw: body)) }
        }
        return fetched
    }

    /// Waits in the open folder for the server to announce new mail (IDLE, RFC 2177), at most
    /// `upTo` (keep it under the server's 30-minute limit and issue it again); whether new mail
    /// was announced. The wait ends as soon as it is.
    public func idle(upTo: Duration) async throws -> Bool {
        guard capabilities.contains("IDLE") else {
            throw IMAPError(.refused, "\(host) does not offer IDLE; new mail is found by polling instead")
        }
        tagNumber += 1
        let tag = "G\(tagNumber)"
        try await step("sending IDLE") { try await self.writer.write(ByteBuffer(string: "\(tag) IDLE\r\n")) }
        let started = try await reply(to: "IDLE")
        guard started.tag == "+" else {
            if started.tag == tag { throw IMAPError(.refused, "\(host) refused IDLE: \(started.humanText)") }
            throw IMAPError(.protocolViolation, "\(host) answered IDLE with \(started.text.prefix(120))")
        }
        // DONE is written once: when the time is up, or as soon as mail is announced.
        let channel = self.channel
        let doneSent = NIOLockedValueBox(false)
        let sendDone: @Sendable () -> Void = {
            let first = doneSent.withLockedValue { sent in
                defer { sent = true }
                return !sent
            }
            if first { channel.writeAndFlush(ByteBuffer(string: "DONE\r\n"), promise: nil) }
        }
        let nanoseconds = Int64(upTo.components.seconds) * 1_000_000_000 + upTo.components.attoseconds / 1_000_000_000
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { sendDone() }
        defer { timer.cancel() }
        var announced = false
        while true {
            let response = try await reply(to: "IDLE", limit: upTo + settings.timeout)
            if response.tag == tag {
                guard response.status == "OK" else { throw IMAPError(.refused, "\(host) ended IDLE with \(response.humanText)") }
                return announced
            }
            let words = response.text.split(separator: " ")
            if response.tag == "*", words.count >= 3, ["EXISTS", "RECENT"].contains(words[2].uppercased()) {
                announced = true
                sendDone()
            }
            if response.tag == "*", response.status == "BYE" {
                isBroken = true
                throw IMAPError(.connectionLost, "\(host) ended the session during IDLE: \(response.humanText)")
            }
        }
    }

    // MARK: Changing folders (for the owner's chosen actions, and for tests)

    /// Adds a message to a folder (APPEND), with flags such as `\Seen`.
    public func append(_ raw: Data, to folder: String, flags: [String] = []) async throws {
        let flagList = flags.isEmpty ? "" : " (\(flags.joined(separator: " ")))"
        let literalPlus = capabilities.contains("LITERAL+")
        let line = "APPEND \(Self.quoted(folder))\(flagList) {\(raw.count)\(literalPlus ? "+" : "")}"
        var data = channel.allocator.buffer(capacity: raw.count + 2)
        data.writeBytes(raw)
        data.writeString("\r\n")
        let answer = literalPlus ? try await run(line, what: "APPEND", then: data)
            : try await run(line, what: "APPEND", continuation: data)
        guard answer.done.status == "OK" else {
            throw IMAPError(.refused, "\(host) did not take the message into \"\(folder)\": \(answer.done.humanText)")
        }
    }

    /// Makes a folder.
    public func create(_ folder: String) async throws {
        let answer = try await run("CREATE \(Self.quoted(folder))", what: "CREATE")
        try expectOK(answer.done, what: "CREATE \(folder)")
    }

    /// Removes a folder and everything in it (only for tests: Gatehouse never deletes the owner's mail).
    public func delete(_ folder: String) async throws {
        let answer = try await run("DELETE \(Self.quoted(folder))", what: "DELETE")
        try expectOK(answer.done, what: "DELETE \(folder)")
    }

    /// Says goodbye politely; the connection is closed either way.
    func logout() async {
        guard !isBroken else { return }
        _ = try? await run("LOGOUT", what: "LOGOUT")
        isBroken = true
    }

    /// Drops the connection without another word.
    func abandon() {
        isBroken = true
        channel.close(promise: nil)
    }

    // MARK: The wire

    func expectOK(_ done: IMAPResponse, what: String) throws {
        guard done.status == "OK" else {
            throw IMAPError(.refused, "\(host) refused \(what): \(done.humanText)")
        }
    }

    /// Sends one tagged command and reads every response up to its completion. `then` is written
    /// right after the line (a LITERAL+ literal); `continuation` when the server asks for it with `+`.
    /// A `redacted` line carries a secret: it is never put into an error or a log.
    /// `emptyAfter`: a further `+` (a SASL mechanism's error challenge) is answered with an empty line.
    func run(_ line: String, what: String, redacted: Bool = false, then: ByteBuffer? = nil,
             continuation: ByteBuffer? = nil, emptyAfter: Bool = false) async throws -> (untagged: [IMAPResponse], done: IMAPResponse) {
        guard !isBroken else { throw IMAPError(.connectionLost, "the connection to \(host) was already closed") }
        tagNumber += 1
        let tag = "G\(tagNumber)"
        try await step("sending \(what)") {
            try await self.writer.write(ByteBuffer(string: "\(tag) \(line)\r\n"))
            if let then { try await self.writer.write(then) }
        }
        var pending = continuation
        var untagged: [IMAPResponse] = []
        while true {
            let response = try await reply(to: what)
            if response.tag == tag { return (untagged, response) }
            if response.tag == "+" {
                guard let data = pending else {
                    throw IMAPError(.protocolViolation, "\(host) asked for more during \(what) when Gatehouse had nothing more to send")
                }
                pending = emptyAfter ? ByteBuffer(string: "\r\n") : nil
                try await step("sending \(what)") { try await self.writer.write(data) }
                continue
            }
            if response.tag == "*", response.status == "BYE", what != "LOGOUT" {
                isBroken = true
                throw IMAPError(.connectionLost, "\(host) ended the session during \(what): \(response.humanText)")
            }
            untagged.append(response)
        }
    }

    func reply(to what: String, limit: Duration? = nil) async throws -> IMAPResponse {
        var iterator = responses
        defer { responses = iterator }
        let host = self.host
        return try await step("waiting for the answer to \(what)", limit: limit) {
            guard let next = try await iterator.next() else {
                throw IMAPError(.connectionLost, "\(host) closed the connection while Gatehouse waited for the answer to \(what)")
            }
            return next
        }
    }

    /// Runs one step of the conversation with the settings' time limit: when it passes, the
    /// connection is closed, which ends the step.
    private func step<T>(_ what: String, limit: Duration? = nil, _ body: () async throws -> T) async throws -> T {
        let timedOut = NIOLockedValueBox(false)
        let channel = self.channel
        let limit = limit ?? settings.timeout
        let nanoseconds = Int64(limit.components.seconds) * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
            timedOut.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        let timeoutError = IMAPError(.timeout, "\(host) did not respond within \(limit.components.seconds) seconds (\(what))")
        do {
            let result = try await body()
            if timedOut.withLockedValue({ $0 }) {
                isBroken = true
                throw timeoutError
            }
            return result
        } catch let error as IMAPError {
            isBroken = isBroken || error.code == .connectionLost || error.code == .timeout || error.code == .protocolViolation
            if timedOut.withLockedValue({ $0 }) { isBroken = true; throw timeoutError }
            throw error
        } catch {
            isBroken = true
            if timedOut.withLockedValue({ $0 }) { throw timeoutError }
            throw IMAPError(SMTPClient.describe(error, host: host, during: what))
        }
    }

    /// A string as IMAP quotes it.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// UIDs as a sequence set, runs joined: `1:5,7,9:12`.
    static func sequenceSet(_ uids: [UInt32]) -> String {
        let sorted = Array(Set(uids)).sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index]):\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}
