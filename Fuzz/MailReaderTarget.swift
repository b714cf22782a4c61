// libFuzzer target: any bytes as an email. The reader must return a message or a clear error,
// never crash, hang or read out of bounds (AddressSanitizer watches), and what it returns must
// hold together: the new text is part of the whole text, addresses have an @ or are kept as text.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMailReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mail = try? MailReader.read(bytes) else { return 0 }
    for address in mail.from + mail.to + mail.cc + mail.replyTo {
        precondition(!address.address.contains(" "), "an address with a space: \(address.address)")
    }
    precondition(mail.textBody.utf8.count <= max(size * 8, 4096), "the text grew beyond any decoding of the input")
    _ = Mbox.messages(in: Data(bytes))
    return 0
}
