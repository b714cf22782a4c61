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

    /// The key, or exit 1 with a clear message.
    func load(for location: DatabaseLocation) throws -> ServerKey {
        let file: String
        if let keyFile {
            file = keyFile
        } else if case .sqlite(let path) = location {
            let directory = (path as NSString).deletingLastPathComponent
            file = (directory.isEmpty ? "." : directory) + "/server.key"
        } else {
            file = "gatehouse-data/server.key"
        }
        do {
            return try ServerKey.load(file: file)
        } catch {
            Terminal.error("gatehouse: error: \(error)")
            throw ExitCode(1)
        }
    }
}
