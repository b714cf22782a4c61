import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Reads mailboxes over IMAP4rev1 (RFC 3501) on SwiftNIO: TLS from the start or STARTTLS.
public enum IMAPClient {
    /// Opens a signed-in session with the server in `settings` (greeting, CAPABILITY, STARTTLS,
    /// sign-in), runs `body` with it, then says LOGOUT and closes the connection, whatever `body` did.
    public static func withConnection<T>(_ settings: IMAPServerSettings,
                                         _ body: (IMAPConnection) async throws -> T) async throws -> T {
        if let problem = settings.problems().first {
            throw IMAPError(.badSettings, "\(problem.field): \(problem.message)")
        }
        let tls = settings.security == .tls ? try tlsContext(for: settings) : nil
        let channel: NIOAsyncChannel<IMAPResponse, ByteBuffer>
        do {
            channel = try await MailServerChannel.open(host: settings.host, port: settings.port, tls: tls,
                                                       timeout: settings.timeout) { IMAPResponseDecoder() }
        } catch {
            throw IMAPError(SMTPClient.describe(error, host: settings.host, during: "connecting to port \(settings.port)",
                                                connecting: true))
        }
        return try await channel.executeThenClose { inbound, outbound in
            let connection = IMAPConnection(channel: channel.channel, inbound: inbound, outbound: outbound, settings: settings)
            do {
                try await connection.open()
                let result = try await body(connection)
                await connection.logout()
                return result
            } catch {
                connection.abandon()
                throw error
            }
        }
    }

    /// TLS for a client: the system's trusted certificates, unless the owner allowed any
    /// certificate for this server.
    static func tlsContext(for settings: IMAPServerSettings) throws(IMAPError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if settings.allowUntrustedCertificate { configuration.certificateVerification = .none }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw IMAPError(.tls, "the secure connection could not be prepared: \(error)")
        }
    }
}
