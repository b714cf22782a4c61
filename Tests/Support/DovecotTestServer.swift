import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real IMAP server (Debian's Dovecot) on 127.0.0.1 for a test: a throwaway configuration,
/// certificate and Maildir in a folder of its own, run as an unprivileged user when the tests run
/// as root; started by the test and stopped by it (by the master's pid).
public final class DovecotTestServer: @unchecked Sendable {
    /// The port for plain connections and STARTTLS.
    public let port: Int
    /// The port for TLS from the first byte.
    public let tlsPort: Int
    /// The one user of the server.
    public let username = "owner@example.org"
    public let password: String
    /// The server's folder: configuration, certificate, log, and the Maildirs under `mail/`.
    public let directory: String
    private var process: ChildProcess
    private let argv: [String]
    /// The user the server runs as (and who owns its files).
    private let owner: (uid: uid_t, gid: gid_t)
    private let stopped = Mutex(false)

    static let binary = "/usr/sbin/dovecot"

    /// The access token the server takes with XOAUTH2, when it was started with one.
    public let accessToken: String?
    /// The OAuth introspection endpoint the server asks about tokens (a few lines of Python).
    private var introspection: ChildProcess?

    /// Starts a server; throws a clear error when Dovecot is missing or does not start.
    /// `accessToken`: the server also signs in with XOAUTH2, taking this token (and no other)
    /// for its user, checked by an introspection endpoint on 127.0.0.1 as a provider's would be.
    public init(accessToken: String? = nil) throws {
        self.accessToken = accessToken
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw TestPostgres.SetupError("Dovecot is not installed: install Debian's dovecot-imapd")
        }
        password = "secret-" + NewID.make().prefix(8)
        directory = "/tmp/gatehouse-dovecot-\(NewID.make().prefix(12))"
        let runAs: String? = geteuid() == 0 ? (getpwnam("dovecot") != nil ? "dovecot" : "nobody") : nil
        let user = runAs.flatMap { getpwnam($0)?.pointee } ?? getpwuid(geteuid()).pointee
        let userName = String(cString: user.pw_name)
        for folder in ["", "/mail", "/run", "/state"] {
            try FileManager.default.createDirectory(atPath: directory + folder, withIntermediateDirectories: true)
        }
        let certificate = try SMTPTestServer.certificate()
        try FileManager.default.copyItem(atPath: certificate.cert, toPath: directory + "/cert.pem")
        try FileManager.default.copyItem(atPath: certificate.key, toPath: directory + "/key.pem")
        try "\(username):{PLAIN}\(password)::::::\n".write(toFile: directory + "/passwd", atomically: true, encoding: .utf8)
        port = try Self.freePort()
        var second = try Self.freePort()
        while second == port { second = try Self.freePort() }
        tlsPort = second
        var oauth = ""
        if let accessToken {
            var third = try Self.freePort()
            while third == port || third == tlsPort { third = try Self.freePort() }
            // Answers Dovecot's GET …?token=T: the user for the one good token, inactive for any other.
            let script = """
                import http.server, json, sys, urllib.parse
                class Introspect(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        token = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query).get("token", [""])[0]
                        body = json.dumps({"email": "\(username)", "active": "true" if token == "\(accessToken)" else "false"}).encode()
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    def log_message(self, *args):
                        pass
                http.server.HTTPServer(("127.0.0.1", \(third)), Introspect).serve_forever()

                """
            try script.write(toFile: directory + "/introspect.py", atomically: true, encoding: .utf8)
            try """
                introspection_mode = get
                introspection_url = http://127.0.0.1:\(third)/introspect?token=
                force_introspection = yes
                username_attribute = email
                active_attribute = active
                active_value = true

                """.write(toFile: directory + "/oauth2.conf", atomically: true, encoding: .utf8)
            introspection = try TestPostgres.spawn(["/usr/bin/python3", directory + "/introspect.py"], output: directory + "/introspect.log",
                                                   newSession: false)
            let started = Date()
            while !Self.accepts(port: third), Date().timeIntervalSince(started) < 10 { usleep(50_000) }
            oauth = """
                passdb {
                  driver = oauth2
                  mechanisms = xoauth2
                  args = \(directory)/oauth2.conf
                }
                """
        }
        let configuration = """
            protocols = imap
            listen = 127.0.0.1
            base_dir = \(directory)/run
            state_dir = \(directory)/state
            instance_name = gatehouse-test-\(port)
            log_path = \(directory)/dovecot.log
            ssl = yes
            ssl_cert = <\(directory)/cert.pem
            ssl_key = <\(directory)/key.pem
            disable_plaintext_auth = no
            auth_mechanisms = plain login\(accessToken == nil ? "" : " xoauth2")
            auth_failure_delay = 0
            default_internal_user = \(userName)
            default_internal_group = \(String(cString: getgrgid(user.pw_gid).pointee.gr_name))
            default_login_user = \(userName)
            mail_location = maildir:\(directory)/mail/%n
            mail_fsync = never
            # IDLE notices new mail by inotify; when a busy test run has used up the user's inotify
            # instances, it looks every second instead of every 30.
            mailbox_idle_check_interval = 1 secs
            namespace inbox {
              inbox = yes
              mailbox "All Mail" {
                special_use = \\All
              }
            }
            first_valid_uid = 1
            first_valid_gid = 1
            \(oauth)
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u \(directory)/passwd
            }
            userdb {
              driver = static
              args = uid=\(user.pw_uid) gid=\(user.pw_gid) home=\(directory)/mail/%n
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = \(port)
              }
              inet_listener imaps {
                address = 127.0.0.1
                port = \(tlsPort)
                ssl = yes
              }
            }
            service anvil {
              chroot =
            }
            service stats {
              unix_listener stats-reader {
                mode = 0666
              }
              unix_listener stats-writer {
                mode = 0666
              }
            }

            """
        try configuration.write(toFile: directory + "/dovecot.conf", atomically: true, encoding: .utf8)
        if runAs != nil {
            for path in [""] + ((FileManager.default.subpaths(atPath: directory)) ?? []).map({ "/" + $0 }) {
                chown(directory + path, user.pw_uid, user.pw_gid)
            }
        }
        owner = (user.pw_uid, user.pw_gid)
        argv = (runAs.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + [Self.binary, "-F", "-c", directory + "/dovecot.conf"]
        process = try TestPostgres.spawn(argv, output: directory + "/output.log", newSession: false)
        try waitUntilListening()
    }

    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(20)
        while !(Self.accepts(port: port) && Self.accepts(port: tlsPort)) {
            if !process.isRunning || Date() > deadline {
                let log = ((try? String(contentsOfFile: directory + "/output.log", encoding: .utf8)) ?? "")
                    + ((try? String(contentsOfFile: directory + "/dovecot.log", encoding: .utf8)) ?? "")
                stop()
                throw TestPostgres.SetupError("Dovecot did not start: \(log.suffix(800))")
            }
            usleep(20_000)
        }
    }

    /// Stops the server for a while (by its master's pid), keeping its files: an outage.
    public func pause() {
        stopMaster()
        while Self.accepts(port: port) || Self.accepts(port: tlsPort) { usleep(20_000) }
    }

    /// Starts the server again after `pause`, on the same ports, with the same mail.
    public func resume() throws {
        process = try TestPostgres.spawn(argv, output: directory + "/output.log", newSession: false)
        try waitUntilListening()
    }

    /// Delivers a message straight into INBOX's Maildir (as a local delivery agent would), even
    /// while the server is stopped; the user must have signed in once, so that the Maildir exists.
    public func deliverToMaildir(_ raw: Data) throws {
        let user = String(username.prefix { $0 != "@" })
        let folder = directory + "/mail/\(user)"
        let name = "\(Int(Date().timeIntervalSince1970)).gatehouse\(NewID.make().prefix(12)).localhost"
        for sub in ["tmp", "new", "cur"] {
            try? FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
            chown(folder + "/" + sub, owner.uid, owner.gid)
        }
        try raw.write(to: URL(fileURLWithPath: folder + "/tmp/" + name))
        chown(folder + "/tmp/" + name, owner.uid, owner.gid)
        guard rename(folder + "/tmp/" + name, folder + "/new/" + name) == 0 else {
            throw TestPostgres.SetupError("cannot deliver into \(folder)/new")
        }
    }

    private func stopMaster() {
        if let text = try? String(contentsOfFile: directory + "/run/master.pid", encoding: .utf8),
           let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 {
            kill(pid, SIGTERM)
        }
        ReadyFileServer.stop(process)
    }

    /// Settings for reaching this server as its user (its certificate is self-signed, so allowed).
    public func settings(security: IMAPServerSettings.Security = .tls, password: String? = nil,
                         allowUntrustedCertificate: Bool = true, timeout: Duration = .seconds(60)) -> IMAPServerSettings {
        IMAPServerSettings(host: "127.0.0.1", port: security == .tls ? tlsPort : port, security: security, username: username,
                           password: password ?? self.password, allowUntrustedCertificate: allowUntrustedCertificate,
                           timeout: timeout)
    }

    /// Puts messages into a folder with IMAP APPEND, as another mail client would (`seen`: marked
    /// read by "another device"); the folder is made when it does not exist.
    public func append(_ messages: [(Data, Bool)], to folder: String = "INBOX") async throws {
        try await IMAPClient.withConnection(settings()) { connection in
            if folder != "INBOX", !(try await connection.folders()).contains(where: { $0.name == folder }) {
                try await connection.create(folder)
            }
            for (raw, seen) in messages {
                try await connection.append(raw, to: folder, flags: seen ? ["\\Seen"] : [])
            }
        }
    }

    /// Stops the server (SIGTERM to Dovecot's master by its pid, then SIGKILL after five seconds)
    /// and removes its files, once.
    public func stop() {
        guard stopped.withLock({ already in defer { already = true }; return !already }) else { return }
        stopMaster()
        if let introspection { ReadyFileServer.stop(introspection) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    /// Runs `body` with a server, stopping it afterwards.
    public static func with<T>(accessToken: String? = nil, _ body: (DovecotTestServer) async throws -> T) async throws -> T {
        let server = try DovecotTestServer(accessToken: accessToken)
        defer { server.stop() }
        return try await body(server)
    }

    static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestPostgres.SetupError("cannot open a socket to find a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw TestPostgres.SetupError("cannot bind 127.0.0.1 to find a free port") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
