import Foundation
import GatehouseMail
import GatehouseTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The IMAP client against a real Dovecot started for each test.
@Suite("IMAP client")
struct IMAPClientTests {
    static func message(_ number: Int, body: String? = nil, size: Int = 0) -> Data {
        var text = "From: Customer \(number) <customer\(number)@example.org>\r\nTo: office@rivera.example\r\n"
            + "Subject: Question \(number)\r\nMessage-ID: <question-\(number)@example.org>\r\n"
            + "Date: Fri, 20 Nov 2026 16:50:00 -0600\r\n\r\n\(body ?? "Hello, this is question \(number).")\r\n"
        if size > 0 {
            let line = String(repeating: "x", count: 76) + "\r\n"
            text += String(repeating: line, count: size / line.utf8.count + 1)
        }
        return Data(text.utf8)
    }

    @Test("over TLS and over STARTTLS: signs in, lists folders, reads UIDVALIDITY and UIDNEXT, fetches every byte and leaves \\Seen alone",
          arguments: [IMAPServerSettings.Security.tls, .starttls])
    func readsAFolder(security: IMAPServerSettings.Security) async throws {
        try await DovecotTestServer.with { server in
            try await server.append([(Self.message(1), false), (Self.message(2), true), (Self.message(3, size: 3_000_000), false)])
            try await IMAPClient.withConnection(server.settings(security: security)) { connection in
                #expect(connection.isEncrypted)
                #expect(connection.capabilities.contains("IMAP4REV1"))
                #expect(try await connection.folders().map(\.name).contains("INBOX"))
                let status = try await connection.examine("INBOX")
                #expect(status.messages == 3 && status.uidNext == 4 && status.uidValidity > 0)
                let uids = try await connection.uids(above: 0)
                #expect(uids == [1, 2, 3])
                #expect(try await connection.uids(above: 3) == [])
                #expect(try await connection.uids(above: 1) == [2, 3])
                let sizes = try await connection.sizes(above: 1)
                #expect(sizes.map(\.uid) == [2, 3] && sizes.map(\.size) == [Self.message(2).count, Self.message(3, size: 3_000_000).count])
                #expect(try await connection.sizes(above: 3).isEmpty)
                let fetched = try await connection.fetch(uids: uids)
                #expect(fetched.map(\.uid) == [1, 2, 3])
                #expect(fetched.map(\.raw) == [Self.message(1), Self.message(2), Self.message(3, size: 3_000_000)])
                // Fetching did not mark anything read.
                #expect(try await connection.uidSearch("UNSEEN") == [1, 3])
            }
        }
    }

    @Test("IDLE: a message appended by another client is announced at once; with no mail the wait ends on time")
    func idle() async throws {
        try await DovecotTestServer.with { server in
            try await IMAPClient.withConnection(server.settings()) { connection in
                _ = try await connection.examine("INBOX")
                let quiet = ContinuousClock.now
                #expect(try await connection.idle(upTo: .seconds(1)) == false)
                // Ends at its limit (with room for a starved machine), never waits on for mail.
                #expect(ContinuousClock.now - quiet < .seconds(60))
                // Opened before the append: whatever arrives after is announced during IDLE, as it
                // arrives, not at the end of the five-minute wait.
                async let appendedAt: ContinuousClock.Instant = {
                    try await server.append([(Self.message(1), false)])
                    return ContinuousClock.now
                }()
                let announced = try await connection.idle(upTo: .seconds(300))
                let returnedAt = ContinuousClock.now
                let appended = try await appendedAt
                #expect(announced)
                // Half the wait at most. The wait is long so that a starved machine cannot pass
                // for the wait running out: a full parallel CI run once took 48 s to get back here.
                #expect(returnedAt - appended < .seconds(150), "announced when the mail arrived, not when the wait ran out")
                #expect(try await connection.uids(above: 0) == [1])
            }
        }
    }

    @Test("a wrong password is refused with a clear error")
    func wrongPassword() async throws {
        try await DovecotTestServer.with { server in
            let error = await #expect(throws: IMAPError.self) {
                try await IMAPClient.withConnection(server.settings(password: "not-the-password")) { _ in }
            }
            #expect(error?.code == .authentication)
            #expect(error?.message.contains("refused the user name or password") == true)
            #expect(error?.message.contains("not-the-password") == false)
        }
    }

    @Test("XOAUTH2: signs in with the provider's access token, and a token the provider does not know is refused plainly, never shown")
    func accessToken() async throws {
        try await DovecotTestServer.with(accessToken: "ya29.good-token") { server in
            var settings = server.settings(password: "ya29.good-token")
            settings.signIn = .xoauth2
            try await server.append([(Self.message(1), false)])
            let status = try await IMAPClient.withConnection(settings) { connection in try await connection.examine("INBOX") }
            #expect(status.messages == 1)
            settings.password = "ya29.expired-token"
            let error = await #expect(throws: IMAPError.self) { try await IMAPClient.withConnection(settings) { _ in } }
            #expect(error?.code == .authentication)
            #expect(error?.message.contains("refused the access token") == true)
            #expect(error?.message.contains("expired-token") == false)
        }
    }

    @Test("a certificate that does not verify is refused unless allowed for that server")
    func unverifiableCertificate() async throws {
        try await DovecotTestServer.with { server in
            for security in [IMAPServerSettings.Security.tls, .starttls] {
                // A long step limit: on a loaded test run the greeting can be slow, and what is tested is the certificate.
                let error = await #expect(throws: IMAPError.self) {
                    try await IMAPClient.withConnection(server.settings(security: security, allowUntrustedCertificate: false,
                                                                        timeout: .seconds(90))) { _ in }
                }
                #expect(error?.code == .tls, "\(String(describing: error))")
            }
        }
    }

    @Test("TLS to a port that does not speak it is reported as a TLS failure")
    func tlsRefused() async throws {
        try await DovecotTestServer.with { server in
            var settings = server.settings(security: .tls)
            settings.port = server.port
            settings.timeout = .seconds(5)
            let error = await #expect(throws: IMAPError.self) { try await IMAPClient.withConnection(settings) { _ in } }
            #expect(error?.code == .tls || error?.code == .connectionLost)
        }
    }

    @Test("a folder that does not exist is named in the error")
    func noSuchFolder() async throws {
        try await DovecotTestServer.with { server in
            try await IMAPClient.withConnection(server.settings()) { connection in
                let error = await #expect(throws: IMAPError.self) { _ = try await connection.examine("Projects") }
                #expect(error?.code == .noSuchFolder)
                #expect(error?.message.contains("Projects") == true)
            }
        }
    }

    @Test("a server that accepts the connection and never answers runs into the time limit")
    func silentServer() async throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        listen(descriptor, 4)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let settings = IMAPServerSettings(host: "127.0.0.1", port: port, security: .none, username: "owner", password: "secret",
                                          timeout: .seconds(1))
        let error = await #expect(throws: IMAPError.self) { try await IMAPClient.withConnection(settings) { _ in } }
        #expect(error?.code == .timeout)
    }

    @Test("settings with no host or a bad port are refused, naming the field")
    func badSettings() {
        let settings = IMAPServerSettings(host: " ", port: 0, username: "", password: "x")
        #expect(settings.problems().map(\.field) == ["host", "port", "username"])
    }
}
