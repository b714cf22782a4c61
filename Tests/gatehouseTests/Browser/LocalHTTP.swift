import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client for a program listening on 127.0.0.1, over a plain socket: one
/// request per connection, `Connection: close`, a body of known length.
///
/// It exists because Foundation's URLSession on Linux cannot read chromedriver's answers, whose
/// headers have no space after the colon (swift-corelibs-foundation issue 4965).
enum LocalHTTP {
    struct Answer: Sendable {
        var status: Int
        var body: Data
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends `method path` with `body` (JSON, unless `headers` name another Content-Type) to `port`
    /// and returns the answer, on a thread of its own so a slow answer does not hold one of
    /// Swift's few concurrency threads.
    static func exchange(_ method: String, port: Int, path: String, body: Data? = nil, headers: [String: String] = [:],
                         timeLimit: TimeInterval = 120) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    try exchangeNow(method, port: port, path: path, body: body, headers: headers, timeLimit: timeLimit)
                })
            }
        }
    }

    private static let queue = DispatchQueue(label: "gatehouse-tests.local-http", attributes: .concurrent)

    private static func exchangeNow(_ method: String, port: Int, path: String, body: Data?, headers: [String: String],
                                    timeLimit: TimeInterval) throws -> Answer {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure(description: "socket failed (errno \(errno))") }
        defer { close(socketFD) }
        var limit = timeval(tv_sec: Int(timeLimit), tv_usec: 0)
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socketFD, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw Failure(description: "cannot connect to 127.0.0.1:\(port) (errno \(errno))") }

        let payload = body ?? Data()
        var request = Data("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n".utf8)
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request += Data("\(name): \(value)\r\n".utf8) }
        if body != nil, headers["Content-Type"] == nil { request += Data("Content-Type: application/json; charset=utf-8\r\n".utf8) }
        request += Data("Content-Length: \(payload.count)\r\n\r\n".utf8) + payload
        try request.withUnsafeBytes { bytes in
            var sent = 0
            while sent < bytes.count {
                let count = send(socketFD, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                guard count > 0 else { throw Failure(description: "\(method) \(path): sending failed (errno \(errno))") }
                sent += count
            }
        }

        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = recv(socketFD, &buffer, buffer.count, 0)
            if count == 0 { break }
            guard count > 0 else {
                throw Failure(description: "\(method) \(path): no answer within \(Int(timeLimit)) s (errno \(errno))")
            }
            received.append(contentsOf: buffer[0..<count])
            if let answer = try parse(received, complete: false) { return answer }
        }
        guard let answer = try parse(received, complete: true) else {
            throw Failure(description: "\(method) \(path): the answer ended early")
        }
        return answer
    }

    /// The answer in `data`, or nil while it is still incomplete (unless the connection has closed).
    private static func parse(_ data: Data, complete: Bool) throws -> Answer? {
        guard let end = data.firstRange(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n")
        let statusWords = head.first?.split(separator: " ") ?? []
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
            throw Failure(description: "not an HTTP answer: \(head.first ?? "")")
        }
        var length: Int?
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if name == "content-length" { length = Int(value) }
            if name == "transfer-encoding", value.lowercased() != "identity" {
                throw Failure(description: "chunked answers are not supported")
            }
        }
        let body = data[end.upperBound...]
        if let length {
            guard body.count >= length else { return nil }
            return Answer(status: status, body: Data(body.prefix(length)))
        }
        return complete ? Answer(status: status, body: Data(body)) : nil
    }
}
