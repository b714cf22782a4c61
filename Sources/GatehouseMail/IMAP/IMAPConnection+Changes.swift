import Foundation

/// The changes Gatehouse may make in a folder opened with `select`, only for what the owner
/// chose to happen to mail once it is stored (marked read, moved). Never a deletion of its own
/// accord: expunging is only ever of messages just copied elsewhere.
extension IMAPConnection {
    /// Adds flags (`\Seen`, `\Deleted`) to these messages (UID STORE +FLAGS.SILENT).
    public func addFlags(_ flags: [String], to uids: [UInt32]) async throws {
        guard !uids.isEmpty else { return }
        let answer = try await run("UID STORE \(Self.sequenceSet(uids)) +FLAGS.SILENT (\(flags.joined(separator: " ")))",
                                   what: "UID STORE")
        try expectOK(answer.done, what: "marking messages \(flags.joined(separator: " "))")
    }

    /// Moves these messages to `folder` in one step (UID MOVE, RFC 6851).
    public func move(_ uids: [UInt32], to folder: String) async throws {
        guard !uids.isEmpty else { return }
        let answer = try await run("UID MOVE \(Self.sequenceSet(uids)) \(Self.quoted(folder))", what: "UID MOVE")
        try expectChanged(answer.done, folder: folder, doing: "move messages to")
    }

    /// Copies these messages to `folder` (UID COPY).
    public func copy(_ uids: [UInt32], to folder: String) async throws {
        guard !uids.isEmpty else { return }
        let answer = try await run("UID COPY \(Self.sequenceSet(uids)) \(Self.quoted(folder))", what: "UID COPY")
        try expectChanged(answer.done, folder: folder, doing: "copy messages to")
    }

    /// Removes these messages, and only these, once they are marked `\Deleted` (UID EXPUNGE, RFC 4315).
    public func expunge(_ uids: [UInt32]) async throws {
        guard !uids.isEmpty else { return }
        let answer = try await run("UID EXPUNGE \(Self.sequenceSet(uids))", what: "UID EXPUNGE")
        try expectOK(answer.done, what: "UID EXPUNGE")
    }

    private func expectChanged(_ done: IMAPResponse, folder: String, doing: String) throws {
        guard done.status == "OK" else {
            if (done.code ?? "").uppercased().hasPrefix("TRYCREATE") {
                throw IMAPError(.noSuchFolder, "\(settings.host) has no folder \"\(folder)\" to \(doing); make it, or choose another")
            }
            throw IMAPError(.refused, "\(settings.host) could not \(doing) \"\(folder)\": \(done.humanText)")
        }
    }
}
