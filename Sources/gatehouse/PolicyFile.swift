import ArgumentParser
import Foundation
import GatehouseCore

/// Reading a policy file for a command, with its problems printed the way
/// editors and CI understand (`FILE:LINE:COLUMN: error: MESSAGE`).
enum PolicyFile {
    /// The policy in `path`, or nil after printing every problem to standard error.
    static func load(_ path: String) -> Policy? {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(data: data, encoding: .utf8) else {
                Terminal.error("\(path):1:1: error: the file is not UTF-8 text")
                return nil
            }
            text = decoded
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            Terminal.error("\(path): error: cannot open the policy file: \(reason)")
            return nil
        }
        do {
            return try Policy.read(yaml: text)
        } catch {
            Terminal.error(error.formatted(file: path))
            return nil
        }
    }
}

/// Writing to the terminal's standard streams.
enum Terminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
