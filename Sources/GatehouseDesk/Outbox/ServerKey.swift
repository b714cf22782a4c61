import Crypto
import Foundation

/// The server's secret for sealing what must be stored but never shown (SMTP passwords):
/// AES-GCM with a 256-bit key. It comes from `GATEHOUSE_SECRET_KEY` (base64 of 32 bytes), or
/// from a key file made on first start beside the data; every instance of one desk must use
/// the same key.
public struct ServerKey: Sendable {
    /// The 32 key bytes (kept as Data: Crypto's key type is not Sendable).
    private let bytes: Data
    private var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// Why a key or a sealed value cannot be used.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// A key from its base64 text (32 bytes).
    public init(base64: String) throws {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw Problem(description: "the server key must be 32 bytes written in base64 (make one with: openssl rand -base64 32)")
        }
        self.bytes = bytes
    }

    /// A new random key (for tests and first starts).
    public static func random() -> ServerKey {
        ServerKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    private init(bytes: Data) { self.bytes = bytes }

    /// The key from `GATEHOUSE_SECRET_KEY` when set, else from `file`, which is created (readable
    /// by this user only) when it does not exist yet.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment, file: String) throws -> ServerKey {
        if let text = environment["GATEHOUSE_SECRET_KEY"], !text.isEmpty {
            do { return try ServerKey(base64: text) } catch {
                throw Problem(description: "GATEHOUSE_SECRET_KEY: \(error)")
            }
        }
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            do { return try ServerKey(base64: text) } catch {
                throw Problem(description: "\(file): \(error)")
            }
        }
        let fresh = random()
        let text = fresh.bytes.base64EncodedString() + "\n"
        let directory = (file as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Problem(description: "cannot write the server key to \(file)")
        }
        return fresh
    }

    /// `text` sealed: "v1:" and the base64 of nonce, ciphertext and tag.
    public func seal(_ text: String) throws -> String {
        let box = try AES.GCM.seal(Data(text.utf8), using: key)
        guard let combined = box.combined else { throw Problem(description: "the value could not be sealed") }
        return "v1:" + combined.base64EncodedString()
    }

    /// The text inside a sealed value; fails when it was sealed with another key or changed.
    public func open(_ sealed: String) throws -> String {
        guard sealed.hasPrefix("v1:"), let combined = Data(base64Encoded: String(sealed.dropFirst(3))),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plain = try? AES.GCM.open(box, using: key)
        else {
            throw Problem(description: "a stored secret cannot be opened with this server's key (was the key changed?); enter it again")
        }
        return String(decoding: plain, as: UTF8.self)
    }
}
