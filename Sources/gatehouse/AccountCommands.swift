import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseWeb

/// `gatehouse workspace create SLUG --policy FILE`.
struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace", abstract: "Create and list workspaces.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a workspace from a policy file.")
        @Argument(help: "Short name for URLs and commands, like rivera-plumbing.") var slug: String
        @Option(help: "The workspace's policy file (every field is in the policy guide, at /policy/guide in the desk).") var policy: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard PolicyFile.load(policy) != nil, let yaml = try? String(contentsOfFile: policy, encoding: .utf8) else {
                throw ExitCode(1)
            }
            let workspace = try await options.withDatabase { database in
                try await Administration(database: database).createWorkspace(slug: slug, policyYAML: yaml, actor: "cli",
                                                                             now: SystemClock().now)
            }
            Terminal.output("created workspace \(workspace.slug) (\(workspace.name), \(workspace.timeZone))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List workspaces.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let all = try await options.withDatabase { database in try await Administration(database: database).workspaces() }
            for workspace in all { Terminal.output("\(workspace.slug)\t\(workspace.name)\t\(workspace.timeZone)") }
        }
    }
}

/// `gatehouse user add EMAIL --workspace SLUG [--role owner|staff]`, password on standard input.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts.", subcommands: [Add.self, Password.self])

    /// `gatehouse user password EMAIL`: a new password from standard input; every sign-in ends.
    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password for an account (read from standard input); it is signed out everywhere.")
        @Argument(help: "The account's email address.") var email: String
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let password = readLine(strippingNewline: true) ?? ""
            if let problem = Passwords.problem(with: password) {
                Terminal.error("gatehouse: error: \(problem) (give the new password on standard input)")
                throw ExitCode(1)
            }
            let hash = try await Passwords.hash(password)
            let found = try await options.withDatabase { database in
                try await AccountDesk(database: database).setPassword(email: email, passwordHash: hash)
            }
            guard found else {
                Terminal.error("gatehouse: error: there is no account '\(email)'")
                throw ExitCode(1)
            }
            Terminal.output("\(email.lowercased()) has a new password and is signed out everywhere")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user to a workspace (or change their role); the password is read from standard input.")
        @Argument(help: "The user's email address.") var email: String
        @Option(help: "The workspace slug.") var workspace: String
        @Option(help: "owner or staff.") var role: String = "staff"
        @Option(help: "The user's name (defaults to the part of the email before @).") var name: String?
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                Terminal.error("gatehouse: error: --role must be owner or staff, not '\(self.role)'")
                throw ExitCode(1)
            }
            let password = (readLine(strippingNewline: true) ?? "")
            try await options.withDatabase { database in
                let administration = Administration(database: database)
                guard let found = try await administration.workspace(slug: workspace) else {
                    Terminal.error("gatehouse: error: there is no workspace '\(workspace)'")
                    throw ExitCode(1)
                }
                let exists = try await administration.user(email: email) != nil
                // An existing account keeps its password unless a new one is given.
                if !(exists && password.isEmpty), let problem = Passwords.problem(with: password) {
                    Terminal.error("gatehouse: error: \(problem)" + (exists ? "" : " (give it on standard input)"))
                    throw ExitCode(1)
                }
                let hash: String? = password.isEmpty ? nil : try await Passwords.hash(password)
                let user = try await administration.grant(role, to: email, name: name, passwordHash: hash, in: found,
                                                          actor: "cli", now: SystemClock().now)
                Terminal.output("\(user.email) is \(role.rawValue) of \(found.slug)")
            }
        }
    }
}

/// `gatehouse token create --workspace SLUG [--scope api|ingest]`: prints a new token once.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API and ingest tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token for a workspace and print it (it is shown only this once).",
            discussion: """
                An api token reads and changes the workspace through /api/v1. An ingest token can only \
                deliver messages to /inbound/email and /inbound/sms (for a mail relay or an SMS provider).
                """)
        @Option(help: "The workspace slug.") var workspace: String
        @Option(help: "What the token is for, to recognise it later.") var name: String = "command line"
        @Option(help: "api (the JSON API) or ingest (only delivering messages).") var scope: String = "api"
        @OptionGroup var options: DatabaseOptions

        func validate() throws {
            guard TokenScope(rawValue: scope) != nil else {
                throw ValidationError("--scope must be api or ingest, not '\(scope)'")
            }
        }

        func run() async throws {
            let scope = TokenScope(rawValue: self.scope) ?? .api
            let token = try await options.withDatabase { database -> String in
                guard let found = try await Administration(database: database).workspace(slug: workspace) else {
                    Terminal.error("gatehouse: error: there is no workspace '\(workspace)'")
                    throw ExitCode(1)
                }
                let desk = WorkspaceDesk.forCommand(found, database: database)
                let made = TokenMaker.make()
                _ = try await desk.tokens.issue(name: name, tokenHash: made.hash, scope: scope, createdBy: "cli", now: desk.now)
                return made.token
            }
            Terminal.output(token)
        }
    }
}
