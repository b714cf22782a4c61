// libFuzzer target: any bytes as one response of an IMAP server — its line up to the first
// line feed, and after it the literals the line's NUL bytes stand for (each as long as its first
// byte says). Reading the response (its tag, status, text and values: atoms, quoted strings,
// literals, nested lists) must answer or refuse, never crash, whatever the server sends.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIMAPResponse(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let end = bytes.firstIndex(of: 10) ?? bytes.count
    let line = Array(bytes[..<end])
    var rest = end < bytes.count ? bytes[(end + 1)...] : []
    var literals: [Data] = []
    for byte in line where byte == 0 {
        let length = min(rest.count, Int(rest.first ?? 0))
        literals.append(Data(rest.prefix(length)))
        rest = rest.dropFirst(length)
    }
    let response = IMAPResponse(bytes: line, literals: literals)
    _ = response.text
    _ = response.tag
    _ = response.status
    if let values = try? response.values() {
        func strings(_ values: [IMAPValue]) -> Int {
            values.reduce(0) { count, value in
                if case .list(let items) = value { return count + strings(items) }
                return count + (value.text == nil ? 0 : 1)
            }
        }
        _ = strings(values)
    }
    return 0
}
