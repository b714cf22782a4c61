import Foundation
import GatehouseMail
import Synchronization
import GatehouseCore
import GatehouseStore

/// A real SMTP server (Python's aiosmtpd, `Tests/SMTPServer/smtp_server.py`) on 127.0.0.1 for a
/// test: started by the test, stopped by it, counting every message it accepted.
public final class SMTPTestServer: @unchecked Sendable {
    /// How the server behaves; see the script's description.
    public struct Options: Sendable {
        public var mode = "accept"
        public var dropEvery = 0
        public var auth: (user: String, password: String)?
        public var startTLS = false
        public var implicitTLS = false
        public var delayMilliseconds = 0
        public var size: Int?
        /// Force each record to disk (so a count survives a crash); off for benchmarks.
        public var durable = true
        /// Drop every connection unanswered at this step: greeting, ehlo, mail, rcpt or data.
        public var dropAt: String?

        public init(mode: String = "accept", dropEvery: Int = 0, auth: (user: String, password: String)? = nil,
                    startTLS: Bool = false, implicitTLS: Bool = false, delayMilliseconds: Int = 0, size: Int? = nil,
                    durable: Bool = true, dropAt: String? = nil) {
            self.durable = durable
            self.dropAt = dropAt
            self.mode = mode
            self.dropEvery = dropEvery
            self.auth = auth
            self.startTLS = startTLS
            self.implicitTLS = implicitTLS
            self.delayMilliseconds = delayMilliseconds
            self.size = size
        }
    }

    /// One message as the server received it.
    public struct Received: Sendable, Decodable {
        public var queueID: String
        /// False when the server read the message and then dropped the connection unanswered.
        public var answered: Bool
        public var mailFrom: String
        public var recipients: [String]
        public var mailOptions: [String]
        public var messageID: String
        public var data: Data
        /// The client's port: messages sent over one connection share it.
        public var peerPort: Int

        enum CodingKeys: String, CodingKey {
            case answered, data
            case queueID = "queue_id"
            case mailFrom = "mail_from"
            case recipients = "rcpt_tos"
            case mailOptions = "mail_options"
            case messageID = "message_id"
            case peerPort = "peer_port"
        }

        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    public let port: Int
    private let process: ChildProcess
    private let directory: String
    private let storePath: String
    private let stopped = Mutex(false)

    /// Starts a server; throws a clear error when Python or aiosmtpd is missing.
    public init(_ options: Options = Options()) throws {
        let python = try Self.python()
        directory = NSTemporaryDirectory() + "gatehouse-smtp-\(NewID.make())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        storePath = directory + "/received.jsonl"
        let ready = directory + "/ready"
        var argv = [python, Self.scriptPath, "--ready", ready, "--store", storePath, "--mode", options.mode]
        if options.dropEvery > 0 { argv += ["--drop-every", String(options.dropEvery)] }
        if let auth = options.auth { argv += ["--auth", "\(auth.user):\(auth.password)"] }
        if options.startTLS || options.implicitTLS {
            let certificate = try Self.certificate()
            argv += ["--cert", certificate.cert, "--key", certificate.key]
            if options.implicitTLS { argv.append("--implicit-tls") }
        }
        if options.delayMilliseconds > 0 { argv += ["--delay-ms", String(options.delayMilliseconds)] }
        if let size = options.size { argv += ["--size", String(size)] }
        if !options.durable { argv.append("--no-fsync") }
        if let step = options.dropAt { argv += ["--drop-at", step] }
        (process, port) = try ReadyFileServer.start(argv, ready: ready, directory: directory, what: "the test SMTP server")
    }

    /// Every message accepted (or read and left unanswered) so far, in arrival order.
    public func received() throws -> [Received] {
        guard let text = try? String(contentsOfFile: storePath, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The last piece is a record still being written (or nothing, after the final newline).
        lines.removeLast()
        return try lines.map { try decoder.decode(Received.self, from: Data($0.utf8)) }
    }

    /// Stops the server (SIGTERM, then SIGKILL after five seconds) and removes its files, once.
    public func stop() {
        guard stopped.withLock({ already in defer { already = true }; return !already }) else { return }
        ReadyFileServer.stop(process)
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    /// Runs `body` with a server, stopping it afterwards.
    public static func with<T>(_ options: Options = Options(), _ body: (SMTPTestServer) async throws -> T) async throws -> T {
        let server = try SMTPTestServer(options)
        defer { server.stop() }
        return try await body(server)
    }

    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SMTPServer/smtp_server.py").path
    }

    /// A Python that has aiosmtpd: Debian's (python3-aiosmtpd) first, then whatever is on PATH.
    static func python() throws -> String {
        var candidates = ["/usr/bin/python3"]
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(directory + "/python3")
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? TestPostgres.runQuietly([candidate, "-c", "import aiosmtpd"])) == true { return candidate }
        }
        throw TestPostgres.SetupError("no python3 with aiosmtpd was found: install Debian's python3-aiosmtpd")
    }

    /// A throwaway self-signed certificate for 127.0.0.1 and localhost, made once per test run.
    static func certificate() throws -> (cert: String, key: String) {
        try certificateOnce.get()
    }

    private static let certificateOnce = Result<(cert: String, key: String), any Error> {
        let directory = NSTemporaryDirectory() + "gatehouse-smtp-cert-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let cert = directory + "/cert.pem", key = directory + "/key.pem"
        let made = try TestPostgres.runQuietly(["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                                "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                                                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        guard made else { throw TestPostgres.SetupError("openssl could not make a test certificate") }
        return (cert, key)
    }
}
