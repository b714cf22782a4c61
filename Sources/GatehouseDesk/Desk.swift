import Foundation
import GatehouseCore
import GatehouseStore
import Logging

/// The whole desk as the server sees it: the database, the clock and the services that send,
/// put together once by the composition root. It is the one door from pages, the API and
/// commands to everything stored: they ask it for a workspace's desk or for one of the
/// desk-wide use cases below, and never see a repository or the database itself.
public struct Desk: Sendable {
    let database: Database
    public let clock: any DeskClock
    public let logger: Logger
    /// How intake answers messages: the public address for status links, acknowledgement pacing.
    public let intake: IntakeSettings
    /// Calls the owner's webhooks and pushes alerts; nudged by intake whenever it queues one.
    public let webhooks: WebhookService
    /// Pushes alerts about urgent matters to the owner's phone.
    public let pushes: AlertPushSender
    /// Seals what is stored but never shown (SMTP passwords).
    public let serverKey: ServerKey
    /// Delivers email; nudged whenever something is queued to go now.
    public let outbox: OutboxService

    public init(database: Database, clock: any DeskClock = SystemDeskClock(), logger: Logger = Logger(label: "gatehouse"),
                intake: IntakeSettings = IntakeSettings(),
                webhookTransport: any WebhookTransport = URLSessionWebhookTransport(),
                serverKey: ServerKey = .random()) {
        self.database = database
        self.clock = clock
        self.logger = logger
        let pushes = AlertPushSender(database: database, key: serverKey, transport: webhookTransport, logger: logger)
        self.pushes = pushes
        let webhooks = WebhookService(sender: WebhookSender(database: database, key: serverKey, transport: webhookTransport,
                                                                   logger: logger),
                                      pushes: pushes,
                                      escalation: AlertEscalation(database: database, publicBaseURL: intake.publicBaseURL,
                                                                  logger: logger),
                                      clock: clock)
        self.webhooks = webhooks
        self.serverKey = serverKey
        let outbox = OutboxService(sender: OutboxSender(database: database, key: serverKey, logger: logger), clock: clock)
        self.outbox = outbox
        var intake = intake
        let earlier = intake.ownerNoticesQueued
        intake.ownerNoticesQueued = {
            earlier?()
            webhooks.nudge()
        }
        let earlierMail = intake.mailQueued
        intake.mailQueued = {
            earlierMail?()
            outbox.nudge()
        }
        self.intake = intake
    }

    /// The desk of one workspace, for one request or one command.
    public func workspaceDesk(for workspace: Workspace) -> WorkspaceDesk {
        let outbox = outbox
        return WorkspaceDesk(database: database, workspace: workspace, clock: clock, publicBaseURL: intake.publicBaseURL,
                             wakeOutbox: { outbox.nudge() })
    }

    /// The periodic work every instance runs (leases in the database pick one per task).
    public func scheduler(instance: String, extra: [PeriodicTask] = []) -> Scheduler {
        Scheduler(database: database, clock: clock, instance: instance, tasks: Scheduler.standardTasks + extra, logger: logger)
    }

    /// IMAP IDLE listeners for every connected mailbox, so new mail is fetched within seconds.
    public func mailboxListeners(instance: String) -> MailboxListeners {
        MailboxListeners(database: database, key: serverKey, settings: intake, instance: instance, clock: clock, logger: logger)
    }

    /// Seals, with this desk's key, the webhook secrets stored in plain text before secrets were
    /// sealed (run when the desk starts); how many there were.
    @discardableResult
    public func sealStoredSecrets() async throws -> Int {
        let hooks = try await Webhooks.unsealed(database: database)
        for hook in hooks {
            try await Webhooks.seal(hook, sealed: try serverKey.seal(hook.unsealedSecret ?? ""), database: database)
        }
        return hooks.count
    }

    /// Whether the database answers (for the health check).
    public func isReachable() async -> Bool { await database.isReachable() }
    /// Whether the database can take the desk's work: reachable, and with room to write.
    public func health() async -> DatabaseHealth { await database.health() }

    // MARK: Desk-wide use cases

    public var signIns: SignInDesk { SignInDesk(database: database, clock: clock) }
    public var setup: FirstRunSetup { FirstRunSetup(database: database) }
    public var newWorkspace: NewWorkspace { NewWorkspace(database: database) }
    public var account: AccountDesk { AccountDesk(database: database) }
    public var passwordReset: PasswordReset { PasswordReset(database: database, publicBaseURL: intake.publicBaseURL) }
    public var contactForm: ContactForm { ContactForm(database: database, clock: clock, settings: intake) }
    public var appointmentFeed: AppointmentFeed { AppointmentFeed(database: database) }
    public var publicWorkspaces: PublicWorkspaces { PublicWorkspaces(database: database) }
    public var requestStatus: RequestStatus { RequestStatus(database: database, clock: clock) }
    public var alertLinks: AlertLinks { AlertLinks(database: database, clock: clock) }
    public var jobAgreements: JobAgreements { JobAgreements(database: database) }
    public var publicHelp: PublicHelp { PublicHelp(database: database, clock: clock) }
    public var publicBooking: PublicBooking {
        let outbox = outbox
        return PublicBooking(database: database, clock: clock, publicBaseURL: intake.publicBaseURL, wakeOutbox: { outbox.nudge() })
    }

    /// Intake of delivered messages into one workspace.
    public func intake(for workspace: Workspace) throws -> Intake {
        try Intake(database: database, workspace: workspace, settings: intake)
    }
}
