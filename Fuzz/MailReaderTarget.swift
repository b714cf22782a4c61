// libFuzzer target: any bytes as an email. The reader must return a message or a clear error,
// never crash, hang or read out of bounds (AddressSanitizer watches), and what it returns must
// hold together: no address with a space, a quote or a bracket outside a quoted local part.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMailReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mail = try? MailReader.read(bytes) else { return 0 }
    for address in mail.from + mail.to + mail.cc + mail.replyTo {
        // Only a quoted local part ("john smith"@example.com) may hold a space or a quote.
        var rest = Substring(address.address)
        if rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") { rest = rest[rest.index(after: close)...] }
        precondition(!rest.contains { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" },
                     "an address no one has: \(address.address)")
    }
    precondition(mail.textBody.utf8.count <= max(size * 8, 4096), "the text grew beyond any decoding of the input")
    _ = Mbox.messages(in: Data(bytes))
    return 0
}
