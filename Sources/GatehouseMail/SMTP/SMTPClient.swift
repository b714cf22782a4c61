import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Connects to mail servers over SwiftNIO: plain, STARTTLS or TLS from the start.
public enum SMTPClient {
    /// Opens a session with the server in `settings` (greeting, EHLO, STARTTLS, sign-in), runs
    /// `body` with it, then says QUIT and closes the connection, whatever `body` did.
    public static func withConnection<T>(_ settings: SMTPServerSettings,
                                         _ body: (SMTPConnection) async throws -> T) async throws -> T {
        if let problem = settings.problems().first {
            throw SMTPError(.badSettings, "\(problem.field): \(problem.message)")
        }
        let tls = settings.security == .tls ? try tlsContext(for: settings) : nil
        let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
        do {
            channel = try await MailServerChannel.open(host: settings.host, port: settings.port, tls: tls,
                                                       timeout: settings.timeout) { SMTPReplyDecoder() }
        } catch {
            throw describe(error, host: settings.host, during: "connecting to port \(settings.port)", connecting: true)
        }
        return try await channel.executeThenClose { inbound, outbound in
            let connection = SMTPConnection(channel: channel.channel, inbound: inbound, outbound: outbound, settings: settings)
            do {
                try await connection.open()
                let result = try await body(connection)
                await connection.quit()
                return result
            } catch {
                connection.abandon()
                throw error
            }
        }
    }

    /// TLS for a client: the system's trusted certificates, unless the owner allowed any
    /// certificate for this server.
    static func tlsContext(for settings: SMTPServerSettings) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if settings.allowUntrustedCertificate { configuration.certificateVerification = .none }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPError(.tls, "the secure connection could not be prepared: \(error)")
        }
    }

    /// The name to check the certificate against; none for a literal IP address (SNI forbids it).
    static func serverName(_ host: String) -> String? {
        let trimmed = host.trimmingSpaces
        if (try? SocketAddress(ipAddress: trimmed, port: 0)) != nil { return nil }
        return trimmed
    }

    /// An error from the network stack in the owner's words.
    static func describe(_ error: any Error, host: String, during what: String, connecting: Bool = false) -> SMTPError {
        if let error = error as? SMTPError { return error }
        if let error = error as? NIOSSLError {
            switch error {
            case .handshakeFailed(let inner):
                let text = "\(inner)"
                if text.localizedCaseInsensitiveContains("certificate") {
                    return SMTPError(.tls, "the certificate of \(host) could not be verified (self-signed, expired, or "
                                     + "for another name); allow it for this server only if you trust it (\(text))")
                }
                return SMTPError(.tls, "the secure connection to \(host) failed: \(text)")
            case .uncleanShutdown:
                return SMTPError(.connectionLost, "\(host) closed the secure connection abruptly (\(what))")
            default:
                return SMTPError(.tls, "the secure connection to \(host) failed: \(error)")
            }
        }
        if let error = error as? NIOSSLExtraError {
            return SMTPError(.tls, "the certificate of \(host) could not be verified: \(error)")
        }
        if connecting {
            if case ChannelError.connectTimeout = error {
                return SMTPError(.unreachable, "\(host) did not accept a connection in time (\(what))")
            }
            if let error = error as? NIOConnectionError {
                if let dns = error.dnsAAAAError ?? error.dnsAError, error.connectionErrors.isEmpty {
                    return SMTPError(.unreachable, "the host name \(host) could not be found (\(dns))")
                }
                if let first = error.connectionErrors.first {
                    return SMTPError(.unreachable, "could not connect to \(host) (\(what)): \(describeSocket(first.error))")
                }
                return SMTPError(.unreachable, "the host name \(host) could not be found")
            }
            return SMTPError(.unreachable, "could not connect to \(host) (\(what)): \(describeSocket(error))")
        }
        if error is ChannelError || error is IOError {
            return SMTPError(.connectionLost, "the connection to \(host) broke while \(what): \(describeSocket(error))")
        }
        return SMTPError(.connectionLost, "the connection to \(host) failed while \(what): \(error)")
    }

    private static func describeSocket(_ error: any Error) -> String {
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "the connection was refused (is the port right?)"
            case ECONNRESET: return "the connection was reset"
            case EHOSTUNREACH, ENETUNREACH: return "the network cannot reach it"
            default: return io.description
            }
        }
        if case ChannelError.connectTimeout = error { return "no answer in time" }
        return "\(error)"
    }
}
