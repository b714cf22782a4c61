import Foundation
import GatehouseTestSupport
import NIOCore
import Testing
@testable import GatehouseMail

@Suite("Handing mail to a mail server")
struct SMTPClientTests {
    static func settings(_ server: SMTPTestServer, security: SMTPServerSettings.Security = .none,
                         allowUntrusted: Bool = false, user: String? = nil, password: String? = nil) -> SMTPServerSettings {
        SMTPServerSettings(host: "127.0.0.1", port: server.port, security: security, username: user, password: password,
                           allowUntrustedCertificate: allowUntrusted, clientName: "desk.rivera.example", timeout: .seconds(60))
    }

    static func message(_ n: Int = 1, extra: String = "") -> Data {
        Data(("From: Rivera Plumbing <office@rivera.example>\r\nTo: <dana@example.org>\r\nSubject: Your tap \(n)\r\n"
              + "Message-ID: <gatehouse.m\(n)@rivera.example>\r\n\r\nHi Dana,\r\n\(extra)Thanks.\r\n").utf8)
    }

    @Test("a message handed over plainly arrives with its envelope, and the server's queue id comes back")
    func plain() async throws {
        try await SMTPTestServer.with { server throws in
            let outcome = try await SMTPClient.withConnection(Self.settings(server)) { connection in
                try await connection.send(from: "office@rivera.example", to: ["dana@example.org"],
                                          data: Self.message(extra: ".hidden line starting with a dot\r\n..two dots\r\n"))
            }
            let received = try server.received()
            try #require(received.count == 1)
            guard case .accepted(let reply) = outcome else { Issue.record("not accepted: \(outcome)"); return }
            #expect(reply.queueID == received[0].queueID)
            #expect(received[0].mailFrom == "office@rivera.example")
            #expect(received[0].recipients == ["dana@example.org"])
            #expect(received[0].messageID == "gatehouse.m1@rivera.example")
            // Dot-stuffing is undone by the server: the lines arrive as written.
            #expect(received[0].text.contains("\r\n.hidden line starting with a dot\r\n..two dots\r\nThanks.\r\n"))
            #expect(received[0].mailOptions.contains { $0.hasPrefix("SIZE=") })
        }
    }

    @Test("many messages go over one connection, one after another")
    func reuse() async throws {
        try await SMTPTestServer.with { server throws in
            let outcomes = try await SMTPClient.withConnection(Self.settings(server)) { connection in
                var all: [SMTPSendOutcome] = []
                for n in 1...25 {
                    all.append(try await connection.send(from: "office@rivera.example", to: ["c\(n)@example.org"], data: Self.message(n)))
                }
                return all
            }
            #expect(outcomes.allSatisfy { if case .accepted = $0 { true } else { false } }, "\(outcomes.prefix(4))")
            let received = try server.received()
            #expect(received.map(\.messageID) == (1...25).map { "gatehouse.m\($0)@rivera.example" })
            #expect(Set(received.map(\.peerPort)).count == 1)
        }
    }

    @Test("STARTTLS to a server whose certificate does not verify is refused, and nothing is sent")
    func untrustedCertificate() async throws {
        try await SMTPTestServer.with(.init(startTLS: true)) { server throws in
            await #expect {
                try await SMTPClient.withConnection(Self.settings(server, security: .starttls)) { connection in
                    try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: Self.message())
                }
            } throws: { error in
                guard let error = error as? SMTPError else { return false }
                return error.code == .tls && error.message.contains("certificate")
            }
            #expect(try server.received().isEmpty)
        }
    }

    @Test("STARTTLS with the owner's explicit permission for that certificate encrypts and delivers")
    func startTLSAllowed() async throws {
        try await SMTPTestServer.with(.init(auth: (user: "desk", password: "s3cret pass"), startTLS: true)) { server throws in
            let (encrypted, outcome) = try await SMTPClient.withConnection(
                Self.settings(server, security: .starttls, allowUntrusted: true, user: "desk", password: "s3cret pass")
            ) { connection in
                (connection.isEncrypted,
                 try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: Self.message()))
            }
            #expect(encrypted)
            guard case .accepted = outcome else { Issue.record("not accepted: \(outcome)"); return }
            #expect(try server.received().count == 1)
        }
    }

    @Test("TLS from the first byte works as well, and refuses an untrusted certificate there too")
    func implicitTLS() async throws {
        try await SMTPTestServer.with(.init(implicitTLS: true)) { server throws in
            await #expect {
                try await SMTPClient.withConnection(Self.settings(server, security: .tls)) { _ in }
            } throws: { error in
                (error as? SMTPError)?.code == .tls && "\(error)".contains("certificate")
            }
            let outcome = try await SMTPClient.withConnection(Self.settings(server, security: .tls, allowUntrusted: true)) { connection in
                try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: Self.message())
            }
            guard case .accepted = outcome else { Issue.record("not accepted: \(outcome)"); return }
            #expect(try server.received().count == 1)
        }
    }

    @Test("STARTTLS is required when chosen: a server that does not offer it is not used in the clear")
    func startTLSMissing() async throws {
        try await SMTPTestServer.with { server throws in
            await #expect {
                try await SMTPClient.withConnection(Self.settings(server, security: .starttls)) { _ in }
            } throws: { error in
                (error as? SMTPError)?.code == .tls && "\(error)".contains("does not offer STARTTLS")
            }
        }
    }

    @Test("the right user name and password sign in; wrong ones end in a clear error, nothing sent")
    func authentication() async throws {
        try await SMTPTestServer.with(.init(auth: (user: "desk", password: "right"))) { server throws in
            let outcome = try await SMTPClient.withConnection(Self.settings(server, user: "desk", password: "right")) { connection in
                try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: Self.message())
            }
            guard case .accepted = outcome else { Issue.record("not accepted: \(outcome)"); return }
            await #expect {
                try await SMTPClient.withConnection(Self.settings(server, user: "desk", password: "wrong")) { connection in
                    try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: Self.message(2))
                }
            } throws: { error in
                guard let error = error as? SMTPError else { return false }
                return error.code == .authentication && error.message.contains("refused the user name or password")
                    && error.message.contains("535")
            }
            #expect(try server.received().count == 1)
        }
    }

    @Test("a 4xx answer defers, a 5xx answer rejects with the server's own words")
    func answers() async throws {
        try await SMTPTestServer.with(.init(mode: "tempfail")) { server throws in
            let outcome = try await SMTPClient.withConnection(Self.settings(server)) { connection in
                try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: Self.message())
            }
            guard case .deferred(let reason) = outcome else { Issue.record("not deferred: \(outcome)"); return }
            #expect(reason.contains("451"))
        }
        try await SMTPTestServer.with(.init(mode: "reject")) { server throws in
            let outcome = try await SMTPClient.withConnection(Self.settings(server)) { connection in
                try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: Self.message())
            }
            #expect(outcome == .rejected("127.0.0.1 refused the message: 554 5.7.1 Message rejected: looks like spam to us"))
        }
    }

    @Test("a rejected recipient fails that message only; the connection goes on for the next")
    func rejectedRecipient() async throws {
        try await SMTPTestServer.with { server throws in
            let outcomes = try await SMTPClient.withConnection(Self.settings(server)) { connection in
                [try await connection.send(from: "office@rivera.example", to: ["reject.me@example.org"], data: Self.message(1)),
                 try await connection.send(from: "office@rivera.example", to: ["later@example.org"], data: Self.message(2)),
                 try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: Self.message(3))]
            }
            guard case .rejected(let reason) = outcomes[0] else { Issue.record("not rejected: \(outcomes[0])"); return }
            #expect(reason.contains("<reject.me@example.org>") && reason.contains("550"))
            guard case .deferred(let later) = outcomes[1] else { Issue.record("not deferred: \(outcomes[1])"); return }
            #expect(later.contains("450"))
            guard case .accepted = outcomes[2] else { Issue.record("not accepted: \(outcomes[2])"); return }
            #expect(try server.received().map(\.messageID) == ["gatehouse.m3@rivera.example"])
        }
    }

    @Test("when the connection drops after the final dot, the message is uncertain, not failed or retried")
    func droppedAfterData() async throws {
        try await SMTPTestServer.with(.init(mode: "drop-after-data")) { server throws in
            let outcome = try await SMTPClient.withConnection(Self.settings(server)) { connection in
                try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: Self.message())
            }
            guard case .uncertain(let reason) = outcome else { Issue.record("not uncertain: \(outcome)"); return }
            #expect(reason.contains("may or may not have been accepted"))
            #expect(try server.received().map(\.answered) == [false])
        }
    }

    @Test("when the step before the final dot fails, the dot is never sent and the server keeps nothing")
    func beforeCommitFails() async throws {
        struct LeaseLost: Error {}
        try await SMTPTestServer.with { server throws in
            await #expect(throws: LeaseLost.self) {
                try await SMTPClient.withConnection(Self.settings(server)) { connection in
                    try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: Self.message()) {
                        throw LeaseLost()
                    }
                }
            }
            #expect(try server.received().isEmpty)
        }
    }

    @Test("a message larger than the server's SIZE is refused before it is sent")
    func size() async throws {
        try await SMTPTestServer.with(.init(size: 2000)) { server throws in
            let big = Self.message(extra: String(repeating: "0123456789012345678901234567890123456789\r\n", count: 100))
            let outcome = try await SMTPClient.withConnection(Self.settings(server)) { connection in
                try await connection.send(from: "office@rivera.example", to: ["dana@example.org"], data: big)
            }
            #expect(outcome == .rejected("the message is \(big.count) bytes and 127.0.0.1 takes at most 2000"))
            #expect(try server.received().isEmpty)
        }
    }

    @Test("an address with letters beyond ASCII asks for SMTPUTF8; one with a line break is refused")
    func addresses() async throws {
        try await SMTPTestServer.with { server throws in
            let outcomes = try await SMTPClient.withConnection(Self.settings(server)) { connection in
                [try await connection.send(from: "office@rivera.example", to: ["zoë@example.de"], data: Self.message(1)),
                 try await connection.send(from: "office@rivera.example", to: ["dana@example.org>\r\nRCPT TO:<x@evil.example"],
                                           data: Self.message(2))]
            }
            guard case .accepted = outcomes[0] else { Issue.record("not accepted: \(outcomes[0])"); return }
            guard case .rejected(let reason) = outcomes[1] else { Issue.record("not rejected: \(outcomes[1])"); return }
            #expect(reason.contains("line break"))
            let received = try server.received()
            #expect(received.count == 1)
            #expect(received.first?.mailOptions.contains("SMTPUTF8") == true)
            #expect(received.first?.recipients == ["zoë@example.de"])
        }
    }

    @Test("a closed port is unreachable, with words that say so")
    func unreachable() async throws {
        let port = try await SMTPTestServer.with { server in server.port }
        await #expect {
            try await SMTPClient.withConnection(SMTPServerSettings(host: "127.0.0.1", port: port, security: .none)) { _ in }
        } throws: { error in
            (error as? SMTPError)?.code == .unreachable && "\(error)".contains("refused")
        }
    }

    @Test("a server that accepts the connection but never speaks runs into the time limit")
    func silentServer() async throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        listen(listener, 4)
        let port = Int(UInt16(bigEndian: address.sin_port))
        await #expect {
            try await SMTPClient.withConnection(SMTPServerSettings(host: "127.0.0.1", port: port, security: .none,
                                                                   timeout: .seconds(1))) { _ in }
        } throws: { error in
            (error as? SMTPError)?.code == .timeout && "\(error)".contains("the greeting")
        }
    }

    @Test("settings that cannot work are refused before connecting, naming the field")
    func badSettings() async throws {
        await #expect {
            try await SMTPClient.withConnection(SMTPServerSettings(host: "smtp example", port: 70_000)) { _ in }
        } throws: { error in
            (error as? SMTPError)?.code == .badSettings && "\(error)".hasPrefix("host:")
        }
        #expect(SMTPServerSettings(host: "smtp.example.com", port: 587, username: "a").problems().map(\.field) == ["password"])
    }

    @Test("dot-stuffing doubles a leading dot, makes every line end CRLF, and ends on a line end")
    func dotStuffing() {
        let out = SMTPConnection.dotStuffed(Data("a\n.b\r\n..c\r\nlast".utf8), allocator: ByteBufferAllocator())
        #expect(String(buffer: out) == "a\r\n..b\r\n...c\r\nlast\r\n")
    }
}
