import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseWeb
import Hummingbird
import Logging

/// `gatehouse serve`: runs the desk.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the desk.",
        discussion: """
            With no options: an SQLite database under ./gatehouse-data/, on http://127.0.0.1:8080. \
            On first run it prints a one-time setup link. Stops gracefully on SIGINT or SIGTERM.
            """
    )

    @OptionGroup var options: DatabaseOptions
    @OptionGroup var keyOption: ServerKeyOption
    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The port to listen on (0 picks a free one).") var port: Int = 8080
    @Option(help: "The desk's public address, for the links in customers' emails (default: the one set in Settings, else the address it listens on).")
    var publicURL: String? = ProcessInfo.processInfo.environment["GATEHOUSE_PUBLIC_URL"]
    @Flag(help: "Load a sample business (a plumber with a week of customer messages) and print how to sign in to it.")
    var demo = false
    @Option(name: .customLong("trusted-proxy"),
            help: "A reverse proxy in front of the desk (an IP address or IPv4 range such as 10.0.0.0/8; repeat for more): the client address it gives in X-Forwarded-For is believed. Also GATEHOUSE_TRUSTED_PROXIES, comma-separated.")
    var trustedProxy: [String] = []

    func validate() throws {
        do { _ = try proxies() } catch { throw ValidationError("--trusted-proxy: \(error.description)") }
    }

    /// `--trusted-proxy`, and GATEHOUSE_TRUSTED_PROXIES.
    func proxies() throws(TrustedProxies.Problem) -> TrustedProxies {
        try TrustedProxies.read(trustedProxy + [ProcessInfo.processInfo.environment["GATEHOUSE_TRUSTED_PROXIES"] ?? ""])
    }

    func run() async throws {
        var logger = Logger(label: "gatehouse")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        // For rehearsals and end-to-end tests only: the desk's clock starts at another moment.
        let clock: any DeskClock
        if let start = ProcessInfo.processInfo.environment["GATEHOUSE_CLOCK_START"], !start.isEmpty {
            guard let instant = try? ISO8601.parse(start) else {
                Terminal.error("gatehouse: error: GATEHOUSE_CLOCK_START '\(start)' is not a moment such as 2026-12-01T08:20:00-05:00")
                throw ExitCode(64)
            }
            clock = ShiftedDeskClock(startingAt: instant)
            logger.warning("the desk's clock is moved (GATEHOUSE_CLOCK_START)", metadata: ["now": "\(clock.now())"])
        } else {
            clock = SystemDeskClock()
        }
        let location = try options.location()
        let serverKey = try keyOption.load(for: location)
        // Held for as long as this process lives, so that `gatehouse restore` sees the desk is running.
        if case .sqlite(let path) = location { ServingLock.hold(for: path) }
        let database: Database
        do {
            database = try await Database.open(location, logger: logger, connectTimeout: try DatabaseOptions.connectTimeout())
            let applied = try await database.migrate(now: clock.now())
            if !applied.isEmpty { logger.info("database migrated", metadata: ["applied": "\(applied.count)"]) }
        } catch let error as StoreError {
            Terminal.error("gatehouse: error: \(error.message)")
            throw ExitCode(error.code == .unreachable ? 75 : 1)
        }
        let host = self.host
        // The public address: --public-url (or GATEHOUSE_PUBLIC_URL), else the one kept in the
        // desk's settings, else the address it listens on.
        let stored = try? await DeskSettings(database: database).publicAddress()
        let intake = IntakeSettings(publicBaseURL: publicURL ?? stored ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
        let demoPassword: String? = demo ? try await loadDemo(database, intake: intake, key: serverKey, now: clock.now()) : nil
        let desk = Desk(database: database, clock: clock, logger: logger, intake: intake, serverKey: serverKey)
        // Webhook secrets stored in plain text by an earlier version are sealed now, with this key.
        if let sealed = try? await desk.sealStoredSecrets(), sealed > 0 {
            logger.info("webhook secrets sealed with the server key", metadata: ["count": "\(sealed)"])
        }
        let application = try await buildApplication(
            configuration: DeskConfiguration(host: host, port: port),
            environment: DeskEnvironment(desk: desk,
                                         trustedProxies: try proxies()),
            onServerRunning: { port in
                let base = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
                Terminal.output("Gatehouse is running at \(base) (database: \(location))")
                if let demoPassword {
                    Terminal.output("Demo: sign in at \(base)/signin as \(DemoBusiness.ownerEmail) with the password "
                                    + "\(demoPassword) (a new one on every start with --demo). "
                                    + "The customers' pages: \(base)/w/\(DemoBusiness.slug)")
                }
                do {
                    if let link = try await FirstRun.setupLink(database: database, baseURL: base, now: clock.now()) {
                        Terminal.output("First run: open this link to create your account and workspace:\n  \(link)")
                    }
                } catch {
                    Terminal.error("gatehouse: error: cannot create the setup link: \(error)")
                }
            })
        do {
            try await application.runService()
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    /// Loads the sample business (once) and returns the owner's password for this run.
    private func loadDemo(_ database: Database, intake: IntakeSettings, key: ServerKey, now: Instant) async throws -> String {
        guard let example = ExamplePolicies.all().first(where: { $0.id == "plumber-chicago" }) else {
            Terminal.error("gatehouse: error: the example policy for the demo is missing from this build")
            throw ExitCode(1)
        }
        let password = String(TokenMaker.make().token.dropFirst(3).prefix(16))
        let loaded = try await DemoBusiness.load(database: database, policyYAML: example.yaml,
                                                 passwordHash: try await Passwords.hash(password), settings: intake,
                                                 now: now, key: key)
        Terminal.output(loaded.created ? "Demo: loaded the sample business (workspace '\(DemoBusiness.slug)')."
                                       : "Demo: the sample business is already here (workspace '\(DemoBusiness.slug)').")
        return password
    }
}
