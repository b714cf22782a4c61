import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// OAuth access tokens for mailboxes that sign in with XOAUTH2 (Gmail, Microsoft 365). No
/// provider's OAuth app is built in: the operator gives a command that prints a fresh access
/// token (oauth2l, a provider's CLI, a small script holding the refresh token), and it is run
/// when a token is needed — the first time, after `lifetime`, or when the server refused the last one.
/// Tokens are kept in memory only, never stored or logged.
public actor AccessTokens {
    public static let shared = AccessTokens()

    /// How long a token is used before the command is run again (providers' tokens last an hour).
    let lifetime: Duration = .seconds(45 * 60)
    private var tokens: [String: (token: String, obtained: ContinuousClock.Instant)] = [:]

    /// The token for `mailboxID`, from the cache while it is fresh, else from running `command`.
    public func token(for mailboxID: String, command: String, timeout: Duration = .seconds(30)) async throws -> String {
        if let kept = tokens[mailboxID], ContinuousClock.now - kept.obtained < lifetime { return kept.token }
        let token = try await Self.run(command, timeout: timeout)
        tokens[mailboxID] = (token, ContinuousClock.now)
        return token
    }

    /// Forgets the token of a mailbox (the server refused it): the next connection runs the command.
    public func forget(_ mailboxID: String) {
        tokens[mailboxID] = nil
    }

    /// Runs the token command with /bin/sh; its first line of output is the token. A command that
    /// fails, prints nothing or takes longer than `timeout` is an error that says so (with what it
    /// printed on standard error, never the token).
    public static func run(_ command: String, timeout: Duration = .seconds(30)) async throws -> String {
        let child: ChildProcess
        do {
            child = try ChildProcess.start("/bin/sh", ["-c", command], input: .null, output: .pipe, error: .pipe)
        } catch {
            throw StoreError(.invalid, field: "token_command", "the token command could not be started: \(error)")
        }
        let output = child.collect(child.standardOutput)
        let errors = child.collect(child.standardError)
        let pid = child.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            kill(pid, SIGKILL)
        }
        let ended = await child.ended()
        watchdog.cancel()
        let said = String(decoding: errors.wait(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let detail = said.isEmpty ? "" : ": \(said.suffix(300))"
        switch ended {
        case .exited(0): break
        case .exited(let status):
            throw StoreError(.invalid, field: "token_command", "the token command failed (exit \(status))\(detail)")
        case .signalled:
            throw StoreError(.invalid, field: "token_command",
                             "the token command did not finish within \(timeout.components.seconds) seconds\(detail)")
        }
        let token = String(decoding: output.wait(), as: UTF8.self).split(whereSeparator: \.isNewline).first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if token.isEmpty { throw StoreError(.invalid, field: "token_command", "the token command printed no access token") }
        return token
    }
}
