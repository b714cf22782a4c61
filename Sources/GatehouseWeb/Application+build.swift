import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import Hummingbird
import Logging

/// How the desk is reached.
public struct DeskConfiguration: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// What the desk needs from the outside world, handed in by the composition root.
public struct DeskEnvironment: Sendable {
    public var database: Database
    public var clock: any DeskClock
    public var logger: Logger
    public var metrics: DeskMetrics
    /// How intake answers messages: the public address for status links, acknowledgement pacing.
    public var intake: IntakeSettings
    /// Calls the owner's webhooks and pushes alerts; nudged by intake whenever it queues one.
    public var webhooks: WebhookService
    /// Pushes alerts about urgent matters to the owner's phone.
    public var pushes: AlertPushSender
    /// Seals what is stored but never shown (SMTP passwords).
    public var serverKey: ServerKey
    /// Delivers email; nudged whenever something is queued to go now.
    public var outbox: OutboxService

    public init(database: Database, clock: any DeskClock = SystemDeskClock(), logger: Logger = Logger(label: "gatehouse"),
                metrics: DeskMetrics = .shared, intake: IntakeSettings = IntakeSettings(),
                webhookTransport: any WebhookTransport = URLSessionWebhookTransport(),
                serverKey: ServerKey = .random()) {
        self.database = database
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        let pushes = AlertPushSender(database: database, key: serverKey, transport: webhookTransport, logger: logger)
        self.pushes = pushes
        let webhooks = WebhookService(sender: WebhookSender(database: database, transport: webhookTransport, logger: logger),
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
}

/// The one place the web application is put together: routes, middleware and services.
public func buildApplication(configuration: DeskConfiguration, environment: DeskEnvironment,
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
async throws -> some ApplicationProtocol {
    // Every instance runs the scheduler; leases in the database pick one per job.
    let instance = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(NewID.make().prefix(8))"
    let scheduler = Scheduler(database: environment.database, clock: environment.clock, instance: instance,
                              tasks: Scheduler.standardTasks + [.intake(settings: environment.intake), .closeSessions()],
                              logger: environment.logger)
    return Application(
        router: try await buildRouter(environment),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Gatehouse"),
        services: [scheduler, environment.webhooks, environment.outbox],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: environment.logger
    )
}

/// The routes of the desk.
public func buildRouter(_ environment: DeskEnvironment) async throws -> Router<DeskContext> {
    let router = Router(context: DeskContext.self)
    router.add(middleware: RequestLog(level: .info))
    router.add(middleware: MetricsMiddleware())

    router.get("health") { _, _ -> Response in
        let reachable = await environment.database.isReachable()
        return try JSONResponse.make(["status": reachable ? "ok" : "unavailable",
                                      "database": reachable ? "ok" : "unreachable"],
                                     status: reachable ? .ok : .serviceUnavailable)
    }
    router.get("metrics") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: environment.metrics.exposition())))
    }

    let pages = try await PageRenderer.load()
    router.add(middleware: PageErrorMiddleware(pages: pages))
    PageRoutes(database: environment.database, clock: environment.clock, pages: pages).add(to: router)
    SetupPage(setup: FirstRunSetup(database: environment.database), clock: environment.clock, pages: pages,
              signIns: BrowserSignIns(database: environment.database, clock: environment.clock)).add(to: router)
    ContactPage(contact: ContactForm(database: environment.database, clock: environment.clock, settings: environment.intake), pages: pages,
                help: PublicHelp(database: environment.database, clock: environment.clock))
        .add(to: router)
    let owner = OwnerPages(database: environment.database, clock: environment.clock, pages: pages)
    let outboxService = environment.outbox
    PasswordPages(reset: PasswordReset(database: environment.database, publicBaseURL: environment.intake.publicBaseURL),
                  clock: environment.clock, pages: pages, wakeOutbox: { outboxService.nudge() }).add(to: router)
    // One memory of recently checked tokens for the whole desk, so that a token revoked on the
    // settings page is refused here at once.
    let recentTokens = RecentTokens()
    DeskAssets.add(to: router)
    CalendarFeedPage(feed: AppointmentFeed(database: environment.database), clock: environment.clock).add(to: router)
    // The owner's pages, behind one door: signed in, and every form post with the session's CSRF token.
    let desks = WorkspaceDesks(database: environment.database, clock: environment.clock,
                               publicBaseURL: environment.intake.publicBaseURL, outbox: environment.outbox)
    let desk = router.group().add(middleware: OwnerAccessMiddleware(owner: owner, desks: desks))
    MailSettingsPage(owner: owner, key: environment.serverKey, outbox: environment.outbox).add(to: desk)
    InboxPage(owner: owner).add(to: desk)
    TodayPage(owner: owner).add(to: desk)
    OutboxPage(owner: owner).add(to: desk)
    AccountPage(account: AccountDesk(database: environment.database), owner: owner).add(to: desk)
    AppointmentsPage(owner: owner, publicBaseURL: environment.intake.publicBaseURL).add(to: desk)
    SessionsPage(owner: owner).add(to: desk)
    CustomersPage(owner: owner).add(to: desk)
    ReportsPage(owner: owner).add(to: desk)
    PolicyPage(owner: owner).add(to: desk)
    WorkspacesPage(owner: owner).add(to: desk)
    SettingsPage(owner: owner, publicBaseURL: environment.intake.publicBaseURL, recentTokens: recentTokens).add(to: desk)
    LiveEvents().add(to: desk)
    AlertSettingsPage(owner: owner, key: environment.serverKey, pushes: environment.pushes,
                      publicBaseURL: environment.intake.publicBaseURL).add(to: desk)
    HowWeWorkPage(workspaces: PublicWorkspaces(database: environment.database), clock: environment.clock, pages: pages).add(to: router)
    HelpArticlesPage(owner: owner).add(to: desk)
    HelpPages(help: PublicHelp(database: environment.database, clock: environment.clock), pages: pages).add(to: router)
    HelpSuggestionsFeed(help: PublicHelp(database: environment.database, clock: environment.clock)).add(to: router)
    StatusPage(status: RequestStatus(database: environment.database, clock: environment.clock), pages: pages).add(to: router)
    AlertPage(links: AlertLinks(database: environment.database, clock: environment.clock), pages: pages).add(to: router)
    ConversationPage(owner: owner, publicBaseURL: environment.intake.publicBaseURL).add(to: desk)
    JobsPage(owner: owner, outbox: environment.outbox, publicBaseURL: environment.intake.publicBaseURL).add(to: desk)
    ChangeOrderPage(owner: owner, outbox: environment.outbox, publicBaseURL: environment.intake.publicBaseURL).add(to: desk)
    AgreementPages(database: environment.database, clock: environment.clock, pages: pages).add(to: router)

    let openAPI = try OpenAPIDocument.text()
    router.get("api/openapi.yaml") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: openAPI)))
    }

    let api = router.group("api/v1")
        .add(middleware: APIErrorMiddleware())
        .add(middleware: TokenAuthMiddleware(database: environment.database, desks: desks, recent: recentTokens))
    PolicyController().add(to: api)
    CustomersController().add(to: api)
    ReportsController().add(to: api)
    ConversationsController().add(to: api)
    PhoneNotesController(settings: environment.intake).add(to: api)
    QuarantineController().add(to: api)
    OutboxController(outbox: environment.outbox).add(to: api)
    RepliesController().add(to: api)
    JobsController(database: environment.database, clock: environment.clock, outbox: environment.outbox,
                   publicBaseURL: environment.intake.publicBaseURL).add(to: api)
    MailSettingsController(key: environment.serverKey, outbox: environment.outbox).add(to: api)
    WebhooksController(sender: environment.webhooks.sender).add(to: api)
    AppointmentsController().add(to: api)
    SessionsController().add(to: api)

    // Messages delivered by mail servers and SMS providers, with an ingest token.
    let inbound = router.group("inbound")
        .add(middleware: APIErrorMiddleware())
        .add(middleware: TokenAuthMiddleware(database: environment.database, desks: desks, scope: .ingest, allowsQuery: true,
                                             recent: recentTokens))
    InboundController(database: environment.database, clock: environment.clock, settings: environment.intake).add(to: inbound)
    return router
}

/// First-run setup: when nobody has an account yet, a one-time link to the setup page.
public enum FirstRun {
    /// A new setup link (valid for a day) when the desk has no accounts; nil otherwise.
    public static func setupLink(database: Database, baseURL: String, now: Instant) async throws -> String? {
        guard try await !Accounts(database: database).hasUsers() else { return nil }
        let made = TokenMaker.make()
        try await SetupTokens(database: database).create(tokenHash: made.hash, now: now, expires: now + .hours(24))
        return "\(baseURL)/setup?token=\(made.token)"
    }
}

/// The OpenAPI 3.1 description of `/api/v1`, shipped as a resource.
public enum OpenAPIDocument {
    public static func text() throws -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
