import NIOCore
import NIOPosix
import NIOSSL

/// A connection to a mail server, SMTP or IMAP alike: opened in the clear or with TLS from the
/// first byte (within `timeout`), and encryption turned on later in an open one (STARTTLS).
enum MailServerChannel {
    /// Connects to `host`:`port`, with TLS from the first byte when `tls` is given, reading the
    /// server's answers with the decoder `decoder` makes.
    static func open<Decoder: ByteToMessageDecoder>(host: String, port: Int, tls: NIOSSLContext?, timeout: Duration,
                                                    decoder: @escaping @Sendable () -> Decoder) async throws
        -> NIOAsyncChannel<Decoder.InboundOut, ByteBuffer> where Decoder.InboundOut: Sendable {
        let hostname = SMTPClient.serverName(host)
        let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.nanoseconds(nanoseconds))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host.trimmingSpaces, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: hostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(decoder()))
                    return try NIOAsyncChannel<Decoder.InboundOut, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Puts TLS in front of an open connection to `host`; the future completes when the
    /// handshake has (so that a certificate that does not verify is reported as such, rather
    /// than as the closed connection it leaves behind).
    static func startTLS(on channel: any Channel, context: NIOSSLContext, host: String) async throws -> EventLoopFuture<Void> {
        let hostname = SMTPClient.serverName(host)
        let handshake = channel.eventLoop.makePromise(of: Void.self)
        try await channel.eventLoop.submit {
            let tls = try NIOSSLClientHandler(context: context, serverHostname: hostname)
            try channel.pipeline.syncOperations.addHandler(tls, position: .first)
            try channel.pipeline.syncOperations.addHandler(TLSHandshakeWatcher(done: handshake), position: .after(tls))
        }.get()
        return handshake.futureResult
    }
}
