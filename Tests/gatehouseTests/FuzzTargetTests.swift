import Foundation
import Testing

@Suite("Fuzz targets: built with AddressSanitizer and run briefly on every test run")
struct FuzzTargetTests {
    @Test("each libFuzzer target builds from the sources and runs 3,000 inputs from its seed corpus without a crash, a leak or a hang",
          .timeLimit(.minutes(5)))
    func shortRun() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [GatehouseProcess.root.appendingPathComponent("Fuzz/run.sh").path, "all", "3000"]
        var environment = ProcessInfo.processInfo.environment
        // A folder of its own, so a longer run started by hand is not disturbed.
        environment["FUZZ_OUT"] = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-fuzz-\(UUID().uuidString)").path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: environment["FUZZ_OUT"]!) }
        #expect(process.terminationStatus == 0, "\(printed)")
        #expect(printed.components(separatedBy: "stat::number_of_executed_units: 3000").count == 7, "the six targets ran every input:\n\(printed)")
        #expect(!printed.contains("ERROR"), "\(printed)")
    }
}
