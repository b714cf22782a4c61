import Foundation
import GatehouseCore
import GatehouseDesk
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

/// What the desk needs from the outside world, handed in by the composition root: the desk
/// itself (Gatehouse's one door to what is stored) and the metrics the server keeps.
public struct DeskEnvironment: Sendable {
    public var desk: Desk
    public var metrics: DeskMetrics
    /// The reverse proxies whose `X-Forwarded-For` is believed (none: the peer is the client).
    public var trustedProxies: TrustedProxies

    public init(desk: Desk, metrics: DeskMetrics = .shared, trustedProxies: TrustedProxies = .none) {
        self.desk = desk
        self.metrics = metrics
        self.trustedProxies = trustedProxies
    }

    public var clock: any DeskClock { desk.clock }
    public var logger: Logger { desk.logger }
    public var intake: IntakeSettings { desk.intake }
    public var webhooks: WebhookService { desk.webhooks }
    public var pushes: AlertPushSender { desk.pushes }
    public var serverKey: ServerKey { desk.serverKey }
    public var outbox: OutboxService { desk.outbox }
}

/// The one place the web application is put together: routes, middleware and services.
public func buildApplication(configuration: DeskConfiguration, environment: DeskEnvironment,
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
async throws -> some ApplicationProtocol {
    // Every instance runs the scheduler; leases in the database pick one per job.
    let instance = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(NewID.make().prefix(8))"
    let scheduler = environment.desk.scheduler(instance: instance, extra: [
        .intake(settings: environment.intake), .closeSessions(),
        .mailboxes(key: environment.serverKey, settings: environment.intake, instance: instance),
    ])
    return Application(
        router: try await buildRouter(environment),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Gatehouse"),
        services: [scheduler, environment.webhooks, environment.outbox, environment.desk.mailboxListeners(instance: instance)],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: environment.logger
    )
}

/// The routes of the desk.
public func buildRouter(_ environment: DeskEnvironment) async throws -> Router<DeskContext> {
    let router = Router(context: DeskContext.self)
    if !environment.trustedProxies.isEmpty { router.add(middleware: ForwardedClient(trusted: environment.trustedProxies)) }
    router.add(middleware: RequestLog(level: .info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: StrictTransport<DeskContext>())

    router.get("health") { _, _ -> Response in
        let health = await environment.desk.health()
        return try JSONResponse.make(["status": health.isHealthy ? "ok" : "unavailable", "database": health.word],
                                     status: health.isHealthy ? .ok : .serviceUnavailable)
    }
    router.get("metrics") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: environment.metrics.exposition())))
    }

    let pages = try await PageRenderer.load()
    router.add(middleware: PageErrorMiddleware(pages: pages))
    PageRoutes(signIns: environment.desk.signIns, pages: pages).add(to: router)
    SetupPage(setup: environment.desk.setup, clock: environment.clock, pages: pages,
              signIns: BrowserSignIns(signIns: environment.desk.signIns, clock: environment.clock)).add(to: router)
    ContactPage(contact: environment.desk.contactForm, pages: pages, help: environment.desk.publicHelp)
        .add(to: router)
    BookingPage(booking: environment.desk.publicBooking, pages: pages).add(to: router)
    let owner = OwnerPages(signIns: environment.desk.signIns, newWorkspace: environment.desk.newWorkspace, clock: environment.clock, pages: pages)
    let outboxService = environment.outbox
    PasswordPages(reset: environment.desk.passwordReset,
                  clock: environment.clock, pages: pages, wakeOutbox: { outboxService.nudge() }).add(to: router)
    // One memory of recently checked tokens for the whole desk, so that a token revoked on the
    // settings page is refused here at once.
    let recentTokens = RecentTokens()
    DeskAssets.add(to: router)
    CalendarFeedPage(feed: environment.desk.appointmentFeed, clock: environment.clock).add(to: router)
    // The owner's pages, behind one door: signed in, and every form post with the session's CSRF token.
    let desks = WorkspaceDesks(desk: environment.desk)
    let desk = router.group().add(middleware: OwnerAccessMiddleware(owner: owner, desks: desks))
    MailSettingsPage(owner: owner, key: environment.serverKey, outbox: environment.outbox).add(to: desk)
    InboxPage(owner: owner).add(to: desk)
    TodayPage(owner: owner).add(to: desk)
    OutboxPage(owner: owner).add(to: desk)
    AccountPage(account: environment.desk.account, owner: owner).add(to: desk)
    AppointmentsPage(owner: owner, publicBaseURL: environment.intake.publicBaseURL).add(to: desk)
    SessionsPage(owner: owner).add(to: desk)
    CustomersPage(owner: owner).add(to: desk)
    ReportsPage(owner: owner).add(to: desk)
    PolicyPage(owner: owner).add(to: desk)
    PolicyGuidePage(owner: owner).add(to: desk)
    WorkspacesPage(owner: owner).add(to: desk)
    SettingsPage(owner: owner, publicBaseURL: environment.intake.publicBaseURL, recentTokens: recentTokens,
                 key: environment.serverKey).add(to: desk)
    LiveEvents().add(to: desk)
    AlertSettingsPage(owner: owner, key: environment.serverKey, pushes: environment.pushes,
                      publicBaseURL: environment.intake.publicBaseURL).add(to: desk)
    MailboxesPage(owner: owner, key: environment.serverKey).add(to: desk)
    HowWeWorkPage(workspaces: environment.desk.publicWorkspaces, clock: environment.clock, pages: pages).add(to: router)
    HelpArticlesPage(owner: owner).add(to: desk)
    HelpPages(help: environment.desk.publicHelp, pages: pages).add(to: router)
    HelpSuggestionsFeed(help: environment.desk.publicHelp, clock: environment.clock).add(to: router)
    StatusPage(status: environment.desk.requestStatus, pages: pages).add(to: router)
    AlertPage(links: environment.desk.alertLinks, pages: pages).add(to: router)
    ConversationPage(owner: owner, publicBaseURL: environment.intake.publicBaseURL).add(to: desk)
    JobsPage(owner: owner, outbox: environment.outbox, publicBaseURL: environment.intake.publicBaseURL).add(to: desk)
    ChangeOrderPage(owner: owner, outbox: environment.outbox, publicBaseURL: environment.intake.publicBaseURL).add(to: desk)
    AgreementPages(agreements: environment.desk.jobAgreements, clock: environment.clock, pages: pages).add(to: router)

    let openAPI = try OpenAPIDocument.text()
    router.get("api/openapi.yaml") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: openAPI)))
    }

    let api = router.group("api/v1")
        .add(middleware: APIErrorMiddleware())
        .add(middleware: TokenAuthMiddleware(signIns: environment.desk.signIns, desks: desks, recent: recentTokens))
    PolicyController().add(to: api)
    CustomersController().add(to: api)
    ReportsController().add(to: api)
    ConversationsController().add(to: api)
    PhoneNotesController(settings: environment.intake).add(to: api)
    QuarantineController().add(to: api)
    OutboxController(outbox: environment.outbox).add(to: api)
    RepliesController().add(to: api)
    JobsController(clock: environment.clock, outbox: environment.outbox,
                   publicBaseURL: environment.intake.publicBaseURL).add(to: api)
    MailSettingsController(key: environment.serverKey, outbox: environment.outbox).add(to: api)
    WebhooksController(sender: environment.webhooks.sender, key: environment.serverKey).add(to: api)
    MailboxesController(key: environment.serverKey, settings: environment.intake).add(to: api)
    AppointmentsController().add(to: api)
    SessionsController().add(to: api)
    ArticlesController().add(to: api)

    // Messages delivered by mail servers and SMS providers, with an ingest token.
    let inbound = router.group("inbound")
        .add(middleware: APIErrorMiddleware())
        .add(middleware: TokenAuthMiddleware(signIns: environment.desk.signIns, desks: desks, scope: .ingest, allowsQuery: true,
                                             recent: recentTokens))
    InboundController(desk: environment.desk).add(to: inbound)
    // Last, so that it knows every route and sees only requests none of them answered.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes, prefixes: ["/api/v1/", "/inbound/"]))
    return router
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
