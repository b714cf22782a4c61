import Foundation

/// The reverse proxies the owner runs in front of the desk (nginx, Caddy, a load balancer):
/// only what they say in `X-Forwarded-For` is believed. Anyone else can write that header,
/// so from anyone else it is ignored — a visitor cannot choose the address a rate limit or a
/// sign-in record sees.
public struct TrustedProxies: Sendable, Equatable {
    /// An IPv4 range (`10.0.0.0/8`, or one address), or one IPv6 address.
    enum Entry: Sendable, Equatable {
        case v4(network: UInt32, mask: UInt32)
        case v6(String)
    }

    let entries: [Entry]

    /// None: the peer is the client (the default; a desk reached directly).
    public static let none = TrustedProxies(entries: [])

    public var isEmpty: Bool { entries.isEmpty }

    /// A bad entry, named, with what was expected.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var entry: String
        public init(entry: String) { self.entry = entry }
        public var description: String {
            "'\(entry)' is not an IP address or an IPv4 range; expected, for example, 127.0.0.1, 10.0.0.0/8 or ::1"
        }
    }

    /// Reads addresses and IPv4 ranges, separated by commas or given one by one.
    public static func read(_ texts: [String]) throws(Problem) -> TrustedProxies {
        var entries: [Entry] = []
        for text in texts.flatMap({ $0.split(separator: ",") }) {
            let entry = text.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            if entry.contains(":") {
                guard !entry.contains("/"), entry.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                    throw Problem(entry: entry)
                }
                entries.append(.v6(entry.lowercased()))
                continue
            }
            let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let address = ipv4(parts[0]) else { throw Problem(entry: entry) }
            var bits = 32
            if parts.count == 2 {
                guard let given = Int(parts[1]), (0...32).contains(given) else { throw Problem(entry: entry) }
                bits = given
            }
            let mask: UInt32 = bits == 0 ? 0 : UInt32.max << UInt32(32 - bits)
            entries.append(.v4(network: address & mask, mask: mask))
        }
        return TrustedProxies(entries: entries)
    }

    /// Whether `address` is one of the proxies.
    public func contains(_ address: String) -> Bool {
        let address = address.trimmingCharacters(in: .whitespaces)
        if let v4 = Self.ipv4(Substring(address)) {
            return entries.contains { if case .v4(let network, let mask) = $0 { return v4 & mask == network } else { return false } }
        }
        return entries.contains(.v6(address.lowercased()))
    }

    /// The client behind the proxies: the peer itself unless it is a trusted proxy; else, from the
    /// right of `X-Forwarded-For` (each proxy appends the address it was called from), the first
    /// address that is not a trusted proxy. `forwardedFor` is every `X-Forwarded-For` field, in order.
    public func client(peer: String, forwardedFor: [String]) -> String {
        guard contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !contains(hop) {
            // A proxy passes on whatever the client wrote to its left: only a plausible address is taken.
            guard hop.count <= 45, hop.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return peer }
            return hop
        }
        return hops.first ?? peer
    }

    static func ipv4(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isASCII), let number = UInt32(octet), number <= 255 else {
                return nil
            }
            value = value << 8 | number
        }
        return value
    }
}
