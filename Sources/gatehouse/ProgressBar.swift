import Foundation
import GatehouseDesk
import Synchronization

/// A progress bar on standard error for a long import: redrawn in place on a terminal
/// (`INBOX [#########           ] 4,500 of 10,000`), a line at each tenth otherwise (a log file
/// or a pipe), so an owner sees it move and a script's log stays short.
final class ProgressBar: Sendable {
    private let interactive = isatty(STDERR_FILENO) == 1
    private let shown = Mutex<(folder: String, tenth: Int)>(("", -1))
    private let width = 30

    func show(_ progress: MailboxFetchProgress) {
        guard progress.total > 0 else { return }
        let share = Double(progress.read) / Double(progress.total)
        let line = "\(progress.folder) " + Self.bar(share, width: width) + " \(progress.read.formatted()) of \(progress.total.formatted())"
        if interactive {
            FileHandle.standardError.write(Data(("\r" + line + (progress.read == progress.total ? "\n" : "")).utf8))
            return
        }
        let tenth = Int(share * 10)
        let due = shown.withLock { last in
            defer { last = (progress.folder, tenth) }
            return last.folder != progress.folder || last.tenth != tenth
        }
        if due { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    /// `[######      ]` for a share between 0 and 1.
    static func bar(_ share: Double, width: Int) -> String {
        let filled = max(0, min(width, Int((share * Double(width)).rounded(.down))))
        return "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "]"
    }
}
