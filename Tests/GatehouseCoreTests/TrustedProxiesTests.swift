import GatehouseCore
import Testing

@Suite("Trusted proxies: whose X-Forwarded-For is believed")
struct TrustedProxiesTests {
    static let proxies = try! TrustedProxies.read(["127.0.0.1", "10.0.0.0/8,::1"])

    @Test("without trusted proxies the peer is the client, whatever the header claims")
    func none() {
        #expect(TrustedProxies.none.client(peer: "198.51.100.4", forwardedFor: ["203.0.113.7"]) == "198.51.100.4")
    }

    @Test("a request through the owner's proxy is counted under the visitor's address")
    func throughTheProxy() {
        #expect(Self.proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        // Two proxies in a row (a load balancer in 10/8, then nginx on the same machine).
        #expect(Self.proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7, 10.1.2.3"]) == "203.0.113.7")
        #expect(Self.proxies.client(peer: "::1", forwardedFor: ["203.0.113.7", "10.1.2.3"]) == "203.0.113.7")
        #expect(Self.proxies.client(peer: "127.0.0.1", forwardedFor: ["2001:db8::5"]) == "2001:db8::5")
    }

    @Test("a visitor cannot pick their address: the header from anyone but a proxy is ignored, and what the visitor wrote to the left of the proxy's own entry is never taken")
    func spoofing() {
        #expect(Self.proxies.client(peer: "198.51.100.4", forwardedFor: ["127.0.0.1"]) == "198.51.100.4")
        // The visitor sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address.
        #expect(Self.proxies.client(peer: "127.0.0.1", forwardedFor: ["1.2.3.4, 198.51.100.4"]) == "198.51.100.4")
        // Junk where an address belongs: the proxy itself is counted, never the junk.
        #expect(Self.proxies.client(peer: "127.0.0.1", forwardedFor: ["<script>"]) == "127.0.0.1")
        // No header at all: the proxy's own request.
        #expect(Self.proxies.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
    }

    @Test("ranges are IPv4 prefixes; anything else is refused with the entry named", arguments: [
        "10.0.0.0/33", "300.1.1.1", "proxy.example", "10.0.0/8", "::1/128", "1.2.3.4/x",
    ])
    func badEntries(entry: String) {
        #expect(throws: TrustedProxies.Problem(entry: entry)) { try TrustedProxies.read([entry]) }
    }

    @Test("membership: a /8 holds its addresses and no others; one address is /32")
    func membership() throws {
        #expect(Self.proxies.contains("10.255.0.1"))
        #expect(!Self.proxies.contains("11.0.0.1"))
        #expect(!Self.proxies.contains("127.0.0.2"))
        #expect(Self.proxies.contains("::1") && !Self.proxies.contains("::2"))
        #expect(try TrustedProxies.read(["0.0.0.0/0"]).contains("203.0.113.7"))
        #expect(try TrustedProxies.read([" ", ""]).isEmpty)
    }
}
