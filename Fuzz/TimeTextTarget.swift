// libFuzzer target: any bytes as the ISO 8601 moments and durations the API and the policy
// take. Parsing must answer or refuse, never crash; what parses must print back as a moment
// that parses to the same instant.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimeText(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    if let instant = try? ISO8601.parse(buffer) {
        let printed = ISO8601.format(instant, utcOffsetSeconds: 0)
        precondition((try? ISO8601.parse(printed)) == instant, "\(printed) does not read back as \(instant)")
    }
    if let span = DurationText.parse(buffer) {
        precondition(span.seconds >= 0 || size > 0, "a negative duration from nothing")
    }
    return 0
}
