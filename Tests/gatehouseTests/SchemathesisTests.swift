import Foundation
import GatehouseMail
import GatehouseTestSupport
import Testing

/// The API checked by schemathesis, an OpenAPI fuzzer nobody here wrote, against a demo desk:
/// every operation of the document, every check on, the document's links followed. Its settings
/// and the few rules no schema can state are in Tests/schemathesis.
@Suite("The API against schemathesis")
struct SchemathesisTests {
    static let folder = GatehouseProcess.root.appendingPathComponent("Tests/schemathesis")

    @Test("every operation, every check, the links followed, on the demo desk: no failure and no error, and the desk still healthy")
    func wholeDocument() async throws {
        guard let st = try PythonTools.program("st") else { return }
        try await TestDatabase.withLocation(.sqlite) { location in
            let desk = try ServerProcess(database: location, arguments: ["--demo"])
            defer { _ = desk.stop() }
            let api = try GatehouseProcess.run(["token", "create", "--workspace", "demo", "--database", location.url])
            let ingest = try GatehouseProcess.run(["token", "create", "--workspace", "demo", "--scope", "ingest", "--database", location.url])
            #expect(api.status == 0 && ingest.status == 0, "\(api.errors) \(ingest.errors)")
            let base = "http://127.0.0.1:\(desk.port)"

            var environment = ProcessInfo.processInfo.environment
            environment["GATEHOUSE_API_TOKEN"] = api.output.trimmingCharacters(in: .whitespacesAndNewlines)
            environment["GATEHOUSE_INGEST_TOKEN"] = ingest.output.trimmingCharacters(in: .whitespacesAndNewlines)
            environment["SCHEMATHESIS_HOOKS"] = "hooks"
            environment["PYTHONPATH"] = Self.folder.path
            let child = try ChildProcess.start(st, ["--no-color", "--config-file", Self.folder.appendingPathComponent("schemathesis.toml").path,
                                                    "run", base + "/api/openapi.yaml", "--workers", "1"],
                                               environment: environment, output: .pipe, error: .output)
            let watchdog = Watchdog(child, after: 300)
            let printed = child.collect(child.standardOutput)
            let termination = child.wait()
            watchdog.cancel()
            let report = String(decoding: printed.wait(), as: UTF8.self)
            #expect(!watchdog.fired, "schemathesis ran past 300 s")
            #expect(termination.status == 0, "schemathesis found failures or errors:\n\(report.suffix(12_000))")

            // It reached every operation of the document, and the stateful phase followed its links.
            let selected = report.firstMatch(of: /Selected: (\d+)\/(\d+)/)
            let tested = report.firstMatch(of: /Tested: (\d+)/)
            #expect(selected != nil && selected?.1 == selected?.2 && tested?.1 == selected?.1, "\(report.suffix(3_000))")
            #expect(Int(selected?.2 ?? "") ?? 0 >= 60)
            let links = report.firstMatch(of: /API Links: +(\d+) covered/)
            #expect(Int(links?.1 ?? "") ?? 0 > 0, "the stateful phase followed the document's links")

            // The desk took all of that and is well.
            let health = try PlainHTTP().send("GET", base + "/health")
            #expect(health.status == 200, "\(health.body)")
        }
    }
}
