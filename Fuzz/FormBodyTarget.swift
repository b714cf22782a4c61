// libFuzzer target: any bytes as a form posted to the desk's pages — the first line as its
// content type (urlencoded, or multipart with a boundary), the rest as its body. Reading must
// answer or refuse, never crash; every field read is trimmed and every list holds no empty value.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let contentType = String(text.prefix { $0 != "\n" })
    let body = String(text.dropFirst(contentType.count + 1))
    let fields = FormFields.parse(body, contentType: contentType)
    for name in ["name", "email", "message", "closures", "yaml", "csrf", "file"] {
        let value = fields[name]
        precondition(value == value.trimmingCharacters(in: .whitespacesAndNewlines), "'\(name)' not trimmed")
        precondition(!fields.all(name).contains(""), "an empty value in the list of '\(name)'")
        _ = fields.file(name)
        _ = fields.raw(name)
    }
    return 0
}
