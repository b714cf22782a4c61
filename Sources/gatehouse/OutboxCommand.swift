import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore

/// `gatehouse outbox send`: delivers every email that is due now, then exits — for a cron job,
/// or to empty the outbox by hand. A running `serve` does the same by itself.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Deliver the email waiting in the outbox.", subcommands: [Send.self])

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver every email that is due now (acknowledgements, alerts, replies whose window has come), then exit.",
            discussion: "Prints what happened: sent, retrying, failed, uncertain, waiting (no way to send mail set up).")

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var keyOption: ServerKeyOption
        @Option(help: "How many emails one claim takes.") var batch: Int = 200
        @Option(help: "How long a claim holds before another instance may take the emails over (seconds).")
        var lease: Int = 300

        func validate() throws {
            guard batch > 0 else { throw ValidationError("--batch must be at least 1") }
            guard lease > 0 else { throw ValidationError("--lease must be at least 1 second") }
        }

        func run() async throws {
            let location = try options.location()
            let key = try keyOption.load(for: location)
            let round = try await options.withDatabase { database in
                try await OutboxSender(database: database, key: key, batch: batch, lease: TimeSpan(seconds: Int64(lease)))
                    .deliverDue(now: { SystemClock().now })
            }
            Terminal.output("sent \(round.sent), retrying \(round.retrying), failed \(round.failed), "
                            + "uncertain \(round.uncertain), waiting \(round.waiting)")
        }
    }
}
