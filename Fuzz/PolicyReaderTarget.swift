// libFuzzer target: any bytes as the policy an owner uploads or writes on the policy page.
// Reading must give a policy or the problems at their lines, never crash; a policy that reads
// must answer when its business is open and what it promises, without crashing either.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let policy = try Policy.read(yaml: text)
        let calendar = BusinessCalendar(policy: policy)
        let monday = Instant(secondsSince1970: 1_795_392_000)  // 2026-11-23T00:00:00Z
        _ = calendar.promise(received: monday, plan: policy.defaultPlan)
    } catch {
        precondition(!error.diagnostics.isEmpty, "a refused policy names at least one problem")
    }
    return 0
}
