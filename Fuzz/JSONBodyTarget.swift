// libFuzzer target: any bytes as the JSON body of an API request, read as the API reads it
// (`JSONValue`: true and 1 kept apart, whole numbers whole). Reading must answer or refuse,
// never crash, whatever a client sends; what is read keeps each value's kind.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONDecoder().decode(JSONValue.self, from: bytes) else { return 0 }
    func check(_ value: JSONValue) {
        switch value {
        case .number(let number):
            precondition(number.isFinite, "a JSON number read as \(number)")
        case .array(let items):
            items.forEach(check)
        case .object(let fields):
            fields.values.forEach(check)
        case .null, .bool, .integer, .string:
            break
        }
    }
    check(value)
    return 0
}
