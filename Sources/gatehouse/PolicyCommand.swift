import ArgumentParser
import GatehouseCore

/// `gatehouse policy …`: checking and explaining a policy file.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check a policy file or explain it in plain words.",
        subcommands: [Check.self, Explain.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a policy file.",
            discussion: """
                Exits 0 and prints a one-screen summary when the policy is valid; exits 1 and prints \
                one FILE:LINE:COLUMN: error: MESSAGE line per problem otherwise.
                """
        )

        @Argument(help: "The policy file (YAML).")
        var file: String

        func run() throws {
            guard let policy = PolicyFile.load(file) else { throw ExitCode(1) }
            Terminal.output(PolicySummary(policy: policy).text)
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain a policy in plain, friendly English: the text of the \"How we work\" page."
        )

        @Argument(help: "The policy file (YAML).")
        var file: String

        func run() throws {
            guard let policy = PolicyFile.load(file) else { throw ExitCode(1) }
            Terminal.output(PolicyExplanation(policy: policy).text)
        }
    }
}
