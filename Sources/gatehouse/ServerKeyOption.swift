import ArgumentParser
import Foundation
import GatehouseDesk
import GatehouseStore

/// `--key-file PATH`: where the server's secret key lives (for sealing SMTP passwords).
struct ServerKeyOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The server's secret key file, made on first use (default: server.key beside the SQLite database, or "
            + "./gatehouse-data/server.key). GATEHOUSE_SECRET_KEY (base64 of 32 bytes) takes precedence; "
            + "every instance of one desk needs the same key."))
    var keyFile: String?

    /// Where the key file is for this database.
    func file(for location: DatabaseLocation) -> String {
        if let keyFile { return keyFile }
        if case .sqlite(let path) = location {
            let directory = (path as NSString).deletingLastPathComponent
            return (directory.isEmpty ? "." : directory) + "/server.key"
        }
        return "gatehouse-data/server.key"
    }

    /// The key when there is one to read (GATEHOUSE_SECRET_KEY or the file), without ever making
    /// one: nil when there is none or it cannot be read (a mail server's pipe may run as another user).
    func existing(for location: DatabaseLocation) -> ServerKey? {
        let environment = ProcessInfo.processInfo.environment
        let file = file(for: location)
        guard environment["GATEHOUSE_SECRET_KEY"]?.isEmpty == false || FileManager.default.isReadableFile(atPath: file) else {
            return nil
        }
        return try? ServerKey.load(environment: environment, file: file)
    }

    /// The key, or exit 1 with a clear message.
    func load(for location: DatabaseLocation) throws -> ServerKey {
        let file = file(for: location)
        do {
            return try ServerKey.load(file: file)
        } catch {
            Terminal.error("gatehouse: error: \(error)")
            throw ExitCode(1)
        }
    }
}
