import Foundation
import GatehouseMail
import GatehouseTestSupport

/// Runs the built `gatehouse` executable as a user (or an MTA, or a script) would.
struct GatehouseProcess {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
        var outputLines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
        var errorLines: [String] { errors.split(separator: "\n").map(String.init) }
    }

    /// The repository root, for examples and fixtures.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The executable SwiftPM built beside this test bundle.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // The test bundle may be a directory (.xctest) or a plain executable.
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("gatehouse")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/gatehouse")
    }

    static func example(_ name: String) -> String { root.appendingPathComponent("examples/\(name)").path }

    /// Runs `gatehouse ARGUMENTS` with `input` on standard input. A run that has not ended after
    /// `timeLimit` seconds is killed and reported, so a hung command fails its test instead of
    /// stalling the whole run.
    /// `environment` is added to this process's own.
    static func run(_ arguments: [String], input: String = "", timeLimit: TimeInterval = 180,
                    environment: [String: String] = [:]) throws -> Result {
        let ran = try Program.run(executable.path, arguments, input: Data(input.utf8), environment: environment,
                                  timeLimit: timeLimit)
        if ran.timedOut {
            throw CocoaError(.executableLoad, userInfo: [
                NSLocalizedDescriptionKey: "gatehouse \(arguments.joined(separator: " ")) did not finish within \(Int(timeLimit)) s",
            ])
        }
        return Result(status: ran.status, output: ran.output, errors: ran.errors)
    }
}

/// A temporary file holding `text`, removed by the caller.
func temporaryFile(_ text: String, name: String = "policy.yml") throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file
}
