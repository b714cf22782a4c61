import ArgumentParser
import GatehouseCore

/// The `gatehouse` command: the desk's command line and composition root.
@main
struct Gatehouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "Gatehouse keeps a service business's customer-relationship policy.",
        discussion: """
            Write down how you work with customers in a policy file (every field is in the policy guide, at /policy/guide in the desk), \
            check it, and let Gatehouse do the business-time arithmetic behind every promise.
            """,
        version: "0.1.0",
        subcommands: [ServeCommand.self, PolicyCommand.self, CalendarCommand.self, MigrateCommand.self,
                      WorkspaceCommand.self, UserCommand.self, TokenCommand.self, IngestCommand.self,
                      MailCommand.self, OutboxCommand.self, MailboxCommand.self, SMSCommand.self, SimulateCommand.self,
                      BackupCommand.self, RestoreCommand.self, CustomerCommand.self]
    )
}
