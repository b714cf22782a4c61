import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A scripted IMAP server for one connection that signs the client in, opens INBOX with one
/// message, starts handing it over as a literal and then stops answering in the middle of it:
/// a server that hangs mid-literal. Closed by `stop()`.
public final class SilentIMAPServer: @unchecked Sendable {
    public let port: Int
    private let listener: Int32
    private let thread: Thread

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        listener = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        guard listen(fd, 4) == 0 else { throw TestPostgres.SetupError("the silent IMAP server cannot listen") }
        port = Int(UInt16(bigEndian: address.sin_port))
        thread = Thread {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            func send(_ text: String) { _ = text.withCString { Glibc.send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
            send("* OK scripted server ready\r\n")
            var pending = [UInt8]()
            var byte: UInt8 = 0
            while recv(client, &byte, 1, 0) == 1 {
                guard byte == UInt8(ascii: "\n") else { pending.append(byte); continue }
                let line = String(decoding: pending, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                pending = []
                let tag = line.split(separator: " ").first.map(String.init) ?? "*"
                let command = line.uppercased()
                if command.contains(" CAPABILITY") {
                    send("* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR\r\n\(tag) OK done\r\n")
                } else if command.contains(" AUTHENTICATE") || command.contains(" LOGIN") {
                    send("\(tag) OK [CAPABILITY IMAP4rev1] signed in\r\n")
                } else if command.contains(" EXAMINE") {
                    send("* 1 EXISTS\r\n* OK [UIDVALIDITY 5] ok\r\n* OK [UIDNEXT 2] ok\r\n\(tag) OK [READ-ONLY] done\r\n")
                } else if command.contains("RFC822.SIZE") {
                    send("* 1 FETCH (UID 1 RFC822.SIZE 1000)\r\n\(tag) OK done\r\n")
                } else if command.contains("BODY.PEEK") {
                    // Ten bytes of a thousand, then nothing more.
                    send("* 1 FETCH (UID 1 BODY[] {1000}\r\nFrom: a@b\r\n")
                } else if command.contains(" LOGOUT") {
                    send("* BYE\r\n\(tag) OK bye\r\n")
                    break
                } else {
                    send("\(tag) OK done\r\n")
                }
            }
            close(client)
        }
        thread.start()
    }

    /// Stops listening (a connection still open is closed by the client's time limit).
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }
}
