import GatehouseCore
import Foundation
import GatehouseMail
import GatehouseStore
import Synchronization

/// A receiver of ntfy's publish API (`Tests/NtfyServer/ntfy_receiver.py`, Python's standard
/// library) on 127.0.0.1 for a test: started by the test, stopped by it, keeping every push it
/// accepted. Debian and PyPI have no ntfy server, so the tests use this one, written to ntfy's
/// documented API (POST /TOPIC with Title, Priority, Tags, Click, Actions and Authorization).
public final class NtfyTestServer: @unchecked Sendable {
    /// One push as the receiver took it.
    public struct Push: Sendable, Decodable, Equatable {
        public var topic: String
        public var message: String
        public var title: String?
        public var priority: Int
        public var tags: [String]
        public var click: String?
        public var actions: String?
        public var authorization: String?
        /// When the receiver took it (seconds since 1970, with fractions).
        public var receivedAt: Double

        enum CodingKeys: String, CodingKey {
            case topic, message, title, priority, tags, click, actions, authorization
            case receivedAt = "received_at"
        }
    }

    public let port: Int
    private let process: ChildProcess
    private let directory: String
    private let storePath: String
    private let stopped = Mutex(false)

    /// The server's address, as the owner would type it.
    public var address: String { "http://127.0.0.1:\(port)" }

    /// Starts a receiver; with `token`, pushes without `Authorization: Bearer TOKEN` are refused (403).
    public init(token: String? = nil) throws {
        directory = NSTemporaryDirectory() + "gatehouse-ntfy-\(NewID.make())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        storePath = directory + "/received.jsonl"
        let ready = directory + "/ready"
        var argv = ["/usr/bin/python3", Self.scriptPath, "--ready", ready, "--store", storePath]
        if let token { argv += ["--token", token] }
        (process, port) = try ReadyFileServer.start(argv, ready: ready, directory: directory, what: "the test ntfy receiver")
    }

    /// Every push accepted so far, in arrival order.
    public func received() throws -> [Push] {
        guard let text = try? String(contentsOfFile: storePath, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // a record still being written, or nothing after the final newline
        return try lines.map { try JSONDecoder().decode(Push.self, from: Data($0.utf8)) }
    }

    /// Waits up to `seconds` for at least `count` pushes.
    public func waitForPushes(_ count: Int, seconds: Double = 5) async throws -> [Push] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let pushes = try received()
            if pushes.count >= count { return pushes }
            try await Task.sleep(for: .milliseconds(25))
        }
        return try received()
    }

    /// Stops the receiver and removes its files, once.
    public func stop() {
        guard stopped.withLock({ already in defer { already = true }; return !already }) else { return }
        ReadyFileServer.stop(process)
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("NtfyServer/ntfy_receiver.py").path
    }
}
