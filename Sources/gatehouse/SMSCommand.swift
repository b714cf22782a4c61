import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore

/// `gatehouse sms`: the SMS provider's settings for a workspace.
struct SMSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sms", abstract: "Your SMS provider's settings: the auth token its webhook calls are signed with.",
        subcommands: [AuthToken.self])

    struct AuthToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auth-token",
            abstract: "Require /inbound/sms calls to be signed with your provider's auth token (Twilio's X-Twilio-Signature).",
            discussion: """
                The token is read from GATEHOUSE_SMS_AUTH_TOKEN or from the first line of standard input, never from the \\
                command line, and stored sealed with the server key. The signature covers the address the provider calls, \\
                so the desk's public address (--public-url of serve) must be the one in the provider's webhook settings.
                """)
        @Option(help: "The workspace slug (may be left out when there is only one workspace).") var workspace: String?
        @Flag(help: "Stop requiring signatures (the ingest token alone is checked again).") var remove = false
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var keyOption: ServerKeyOption

        func run() async throws {
            let key = try keyOption.load(for: try options.location())
            var token: String?
            if !remove {
                token = ProcessInfo.processInfo.environment["GATEHOUSE_SMS_AUTH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
                    ?? readLine(strippingNewline: true)
                guard let given = token, !given.isEmpty else {
                    Terminal.error("gatehouse: error: auth_token: give it in GATEHOUSE_SMS_AUTH_TOKEN or on standard input")
                    throw ExitCode(1)
                }
            }
            let said: String
            do {
                said = try await options.withDatabase { database in
                    let found = try await WorkspaceChoice.find(workspace, in: database)
                    let signatures = WorkspaceDesk.forCommand(found, database: database).smsSignatures(key: key)
                    if let token {
                        try await signatures.setAuthToken(token, actor: "cli")
                        return "\(found.slug): /inbound/sms now takes only calls signed with this auth token"
                    }
                    return try await signatures.removeAuthToken(actor: "cli")
                        ? "\(found.slug): /inbound/sms no longer checks signatures; the ingest token alone lets calls in"
                        : "\(found.slug): no SMS auth token was set"
                }
            } catch let error as StoreError where error.code == .invalid {
                Terminal.error("gatehouse: error: \(error.message)")
                throw ExitCode(1)
            }
            Terminal.output(said)
        }
    }
}
