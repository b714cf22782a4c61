import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import NIOTLS

/// What became of one message handed to the server.
public enum SMTPSendOutcome: Sendable, Equatable {
    /// The server took responsibility for it; its answer names the queue id when it gives one.
    case accepted(SMTPReply)
    /// The server said "not now" (4xx), or the connection failed before the message was
    /// complete: nothing was delivered, and it is safe to try again later.
    case deferred(String)
    /// The server said no for good (5xx), or the message cannot be sent as it is.
    case rejected(String)
    /// The whole message reached the server, but its answer did not come back: it may or may
    /// not have been accepted. Sending it again could deliver it twice.
    case uncertain(String)
}

/// An open, signed-in session with a mail server, for handing over one message after another
/// on the same connection. Made by `SMTPClient.withConnection`; used from one task at a time.
public final class SMTPConnection {
    let channel: any Channel
    private var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    private let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let settings: SMTPServerSettings
    /// The EHLO keywords the server offered (upper-cased), with their parameters.
    public private(set) var extensions: [String: String] = [:]
    /// Whether the session can no longer be used (the connection failed or was abandoned).
    public private(set) var isBroken = false
    /// Whether the connection is encrypted.
    public private(set) var isEncrypted: Bool

    init(channel: any Channel, inbound: NIOAsyncChannelInboundStream<SMTPReply>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
         settings: SMTPServerSettings) {
        self.channel = channel
        self.replies = inbound.makeAsyncIterator()
        self.writer = outbound
        self.settings = settings
        self.isEncrypted = settings.security == .tls
    }

    // MARK: Opening the session

    /// Reads the greeting, says EHLO, upgrades with STARTTLS and signs in, as the settings say.
    func open() async throws {
        let greeting = try await reply(to: "the greeting")
        guard greeting.code == 220 else {
            throw SMTPError(greeting.isTemporary ? .temporary : .permanent,
                            "\(settings.host) turned the connection away: \(greeting)", reply: greeting)
        }
        try await hello()
        if settings.security == .starttls {
            guard extensions["STARTTLS"] != nil else {
                throw SMTPError(.tls, "\(settings.host) does not offer STARTTLS, so the connection cannot be encrypted; "
                                + "choose TLS (usually port 465) or, for a relay on this machine only, no encryption")
            }
            let answer = try await command("STARTTLS", what: "STARTTLS")
            guard answer.code == 220 else {
                throw SMTPError(.tls, "\(settings.host) refused STARTTLS: \(answer)", reply: answer)
            }
            try await startTLS()
            try await hello()
        }
        if let username = settings.username, let password = settings.password {
            try await signIn(username: username, password: password)
        }
    }

    private func hello() async throws {
        var answer = try await command("EHLO \(settings.clientName)", what: "EHLO")
        if answer.isPermanent {
            // A server from before ESMTP: no extensions, plain HELO.
            answer = try await command("HELO \(settings.clientName)", what: "HELO")
            extensions = [:]
        } else {
            var offered: [String: String] = [:]
            for line in answer.lines.dropFirst() {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard let keyword = parts.first else { continue }
                offered[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
            }
            extensions = offered
        }
        guard answer.code == 250 else {
            throw SMTPError(answer.isTemporary ? .temporary : .permanent, "\(settings.host) did not accept EHLO: \(answer)",
                            reply: answer)
        }
    }

    private func startTLS() async throws {
        let context = try SMTPClient.tlsContext(for: settings)
        let handshake = try await MailServerChannel.startTLS(on: channel, context: context, host: settings.host)
        try await step("setting up encryption") { try await handshake.get() }
        isEncrypted = true
    }

    private func signIn(username: String, password: String) async throws {
        let mechanisms = Set((extensions["AUTH"] ?? "").uppercased().split(separator: " ").map(String.init))
        let answer: SMTPReply
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            answer = try await command("AUTH PLAIN \(token)", what: "AUTH PLAIN", redacted: "AUTH PLAIN …")
        } else if mechanisms.contains("LOGIN") {
            let start = try await command("AUTH LOGIN", what: "AUTH LOGIN")
            guard start.code == 334 else { throw authenticationError(start) }
            let user = try await command(Data(username.utf8).base64EncodedString(), what: "the user name", redacted: "…")
            guard user.code == 334 else { throw authenticationError(user) }
            answer = try await command(Data(password.utf8).base64EncodedString(), what: "the password", redacted: "…")
        } else {
            throw SMTPError(.authentication, mechanisms.isEmpty
                ? "\(settings.host) does not offer to sign in here (no AUTH after EHLO); remove the user name or use the port for submission"
                : "\(settings.host) offers only \(mechanisms.sorted().joined(separator: ", ")) for signing in; Gatehouse speaks PLAIN and LOGIN")
        }
        guard answer.code == 235 else { throw authenticationError(answer) }
    }

    private func authenticationError(_ answer: SMTPReply) -> SMTPError {
        SMTPError(answer.isTemporary ? .temporary : .authentication,
                  answer.isTemporary ? "\(settings.host) could not check the sign-in just now: \(answer)"
                      : "\(settings.host) refused the user name or password: \(answer)",
                  reply: answer)
    }

    // MARK: Sending

    /// Hands one message to the server: MAIL FROM, RCPT TO for each recipient, DATA, the
    /// dot-stuffed message. `beforeCommit` runs once the whole message is written but before
    /// the final dot that commits it; if it throws, the dot is never sent (the server then
    /// discards the message) and the error is passed on.
    public func send(from sender: String, to recipients: [String], data: Data,
                     beforeCommit: () async throws -> Void = {}) async throws -> SMTPSendOutcome {
        guard !isBroken else { return .deferred("the connection to \(settings.host) was already closed") }
        guard !recipients.isEmpty else { return .rejected("the message has no recipient") }
        for address in [sender] + recipients where address.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" }) {
            return .rejected("the address \"\(address.prefix(80))\" contains a line break or angle bracket")
        }
        var parameters = ""
        if let limit = extensions["SIZE"].flatMap({ Int($0.trimmingSpaces) }), limit > 0 {
            if data.count > limit {
                return .rejected("the message is \(data.count) bytes and \(settings.host) takes at most \(limit)")
            }
            parameters += " SIZE=\(data.count)"
        }
        if data.contains(where: { $0 >= 128 }) {
            guard extensions["8BITMIME"] != nil else {
                return .rejected("the message has 8-bit text and \(settings.host) does not accept 8BITMIME")
            }
            parameters += " BODY=8BITMIME"
        }
        if ([sender] + recipients).contains(where: { $0.utf8.contains { $0 >= 128 } }) {
            guard extensions["SMTPUTF8"] != nil else {
                return .rejected("an address has non-ASCII letters and \(settings.host) does not accept SMTPUTF8")
            }
            parameters += " SMTPUTF8"
        }
        do {
            let mail = try await command("MAIL FROM:<\(sender)>\(parameters)", what: "MAIL FROM")
            if let outcome = refusal(mail, what: "the sender <\(sender)>") {
                try await reset()
                return outcome
            }
            for recipient in recipients {
                let rcpt = try await command("RCPT TO:<\(recipient)>", what: "RCPT TO")
                if let outcome = refusal(rcpt, what: "the recipient <\(recipient)>") {
                    try await reset()
                    return outcome
                }
            }
            let start = try await command("DATA", what: "DATA")
            guard start.code == 354 else {
                let outcome = refusal(start, what: "the message") ?? .deferred("\(settings.host) answered DATA with \(start)")
                try await reset()
                return outcome
            }
            try await step("sending the message") {
                try await self.writer.write(Self.dotStuffed(data, allocator: self.channel.allocator))
            }
        } catch let error as SMTPError {
            // Before the final dot the server discards a half-received message, so nothing went out.
            isBroken = true
            return .deferred(error.message)
        }
        do {
            try await beforeCommit()
        } catch {
            abandon()
            throw error
        }
        do {
            try await step("sending the final dot") {
                try await self.writer.write(ByteBuffer(string: ".\r\n"))
            }
            let answer = try await reply(to: "the end of the message")
            if answer.code == 250 { return .accepted(answer) }
            return refusal(answer, what: "the message") ?? .deferred("\(settings.host) answered the message with \(answer)")
        } catch let error as SMTPError {
            isBroken = true
            return .uncertain("the whole message reached \(settings.host) but its answer did not come back (\(error.message)); "
                              + "it may or may not have been accepted")
        }
    }

    private func refusal(_ answer: SMTPReply, what: String) -> SMTPSendOutcome? {
        if answer.isPositive { return nil }
        if answer.isTemporary { return .deferred("\(settings.host) did not take \(what) for now: \(answer)") }
        return .rejected("\(settings.host) refused \(what): \(answer)")
    }

    private func reset() async throws {
        do {
            _ = try await command("RSET", what: "RSET")
        } catch {
            isBroken = true
        }
    }

    /// Says goodbye politely; the connection is closed either way.
    func quit() async {
        guard !isBroken else { return }
        _ = try? await command("QUIT", what: "QUIT")
        isBroken = true
    }

    /// Drops the connection without another word.
    func abandon() {
        isBroken = true
        channel.close(promise: nil)
    }

    // MARK: The wire

    @discardableResult
    func command(_ line: String, what: String, redacted: String? = nil) async throws -> SMTPReply {
        try await step("sending \(redacted ?? what)") {
            try await self.writer.write(ByteBuffer(string: line + "\r\n"))
        }
        return try await reply(to: what)
    }

    func reply(to what: String) async throws -> SMTPReply {
        var iterator = replies
        defer { replies = iterator }
        let host = settings.host
        return try await step("waiting for the answer to \(what)") {
            guard let next = try await iterator.next() else {
                throw SMTPError(.connectionLost, "\(host) closed the connection while Gatehouse waited for the answer to \(what)")
            }
            return next
        }
    }

    /// Runs one step of the conversation with the settings' time limit: when it passes, the
    /// connection is closed, which ends the step.
    private func step<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        let timedOut = NIOLockedValueBox(false)
        let channel = self.channel
        let nanoseconds = Int64(settings.timeout.components.seconds) * 1_000_000_000
            + settings.timeout.components.attoseconds / 1_000_000_000
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
            timedOut.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            let result = try await body()
            // The limit may have passed just as the step finished: the connection is closed then.
            if timedOut.withLockedValue({ $0 }) {
                isBroken = true
                throw SMTPError(.timeout, "\(settings.host) did not respond within \(settings.timeout.components.seconds) seconds (\(what))")
            }
            return result
        } catch let error as SMTPError where error.code == .timeout {
            throw error
        } catch {
            isBroken = true
            if timedOut.withLockedValue({ $0 }) {
                throw SMTPError(.timeout, "\(settings.host) did not respond within \(settings.timeout.components.seconds) seconds (\(what))")
            }
            throw SMTPClient.describe(error, host: settings.host, during: what)
        }
    }

    /// The message as DATA carries it: CRLF line ends, a dot doubled at the start of a line, and
    /// ending in CRLF so that the final dot stands on its own line.
    static func dotStuffed(_ data: Data, allocator: ByteBufferAllocator) -> ByteBuffer {
        var out = allocator.buffer(capacity: data.count + data.count / 64 + 8)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in data {
            if byte == UInt8(ascii: "\n") {
                if previous != UInt8(ascii: "\r") { out.writeInteger(UInt8(ascii: "\r")) }
                out.writeInteger(byte)
                atLineStart = true
            } else {
                if atLineStart, byte == UInt8(ascii: ".") { out.writeInteger(UInt8(ascii: ".")) }
                out.writeInteger(byte)
                atLineStart = false
            }
            previous = byte
        }
        if !atLineStart {
            if previous != UInt8(ascii: "\r") { out.writeInteger(UInt8(ascii: "\r")) }
            out.writeInteger(UInt8(ascii: "\n"))
        }
        return out
    }
}

extension SMTPReply {
    /// The id under which the server queued the message, when its answer says
    /// ("250 2.0.0 Ok: queued as 4F2A1C3B"); otherwise its whole answer.
    public var queueID: String {
        let text = self.text
        if let range = text.range(of: "queued as ", options: .caseInsensitive) {
            let rest = text[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            if !rest.isEmpty { return rest }
        }
        return text
    }
}

/// Completes `done` when the TLS handshake that the handler before it runs succeeds, and
/// fails it with the handshake's error (or a closed connection) otherwise.
final class TLSHandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    private let done: EventLoopPromise<Void>
    private var finished = false

    init(done: EventLoopPromise<Void>) { self.done = done }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { finish(nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(ChannelError.eof)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { finish(ChannelError.eof) }

    private func finish(_ error: (any Error)?) {
        guard !finished else { return }
        finished = true
        if let error { done.fail(error) } else { done.succeed() }
    }
}
