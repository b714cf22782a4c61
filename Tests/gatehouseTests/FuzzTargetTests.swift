import Foundation
import GatehouseTestSupport
import Testing

@Suite("Fuzz targets: built with AddressSanitizer and run briefly on every test run")
struct FuzzTargetTests {
    @Test("each libFuzzer target builds from the sources and runs 3,000 inputs from its seed corpus without a crash, a leak or a hang",
          .timeLimit(.minutes(5)))
    func shortRun() throws {
        // A folder of its own, so a longer run started by hand is not disturbed.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-fuzz-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ran = try Program.run("/bin/bash", [GatehouseProcess.root.appendingPathComponent("Fuzz/run.sh").path, "all", "3000"],
                                  environment: ["FUZZ_OUT": folder], errorsToOutput: true)
        let printed = ran.output
        #expect(ran.succeeded, "\(printed)")
        #expect(printed.components(separatedBy: "stat::number_of_executed_units: 3000").count == 7, "the six targets ran every input:\n\(printed)")
        #expect(!printed.contains("ERROR"), "\(printed)")
    }
}
