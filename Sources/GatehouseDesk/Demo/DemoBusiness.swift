import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// A sample business for `gatehouse serve --demo`: the plumber of the examples, with customers on
/// both plans and a week of their messages in every quadrant — an urgent leak, a request for the
/// roofing partner (out of scope), replies waiting for their window, and a reply held because the
/// customer wrote again. Everything goes through the real intake, triage and outbox, at the
/// times it would have happened; nothing is sent (no mail settings), so the outbox shows what
/// would leave.
public enum DemoBusiness {
    public static let slug = "demo"
    public static let ownerEmail = "owner@rivera.example"

    /// What was loaded: the workspace, and whether it was made now (false when it already existed).
    public struct Loaded: Sendable {
        public var workspace: Workspace
        public var created: Bool
    }

    struct Person {
        var name: String
        var email: String
        var plan: String
    }

    struct Note {
        var who: Int
        /// Working days back; 0 is today, when `minute` counts back from now instead.
        var daysAgo: Int
        /// Minutes after that day's opening (today: minutes ago).
        var minute: Int
        var subject: String
        var body: String
    }

    static let people = [
        Person(name: "Maria Lopez", email: "maria.lopez@example.net", plan: "care"),
        Person(name: "Ken Adams", email: "ken.adams@example.net", plan: "care"),
        Person(name: "Priya Shah", email: "priya.shah@example.net", plan: "care"),
        Person(name: "Dana Kowalski", email: "dana.k@example.net", plan: "standard"),
        Person(name: "Tom Reed", email: "tom.reed@example.net", plan: "standard"),
        Person(name: "Olga Berg", email: "olga.berg@example.net", plan: "standard"),
        Person(name: "Sam Lee", email: "sam.lee@example.net", plan: "standard"),
        Person(name: "Grace Okafor", email: "grace.okafor@example.net", plan: "standard"),
        Person(name: "Lena Novak", email: "lena.novak@example.net", plan: "standard"),
        Person(name: "Ruth Carter", email: "ruth.carter@example.net", plan: "standard"),
    ]

    /// One conversation per customer, a week of them, oldest first.
    static let notes = [
        Note(who: 1, daysAgo: 5, minute: 95, subject: "Yearly water heater service",
             body: "Hi, it's that time of year again. Could you book the yearly service of our water heater? Any weekday works."),
        Note(who: 3, daysAgo: 4, minute: 130, subject: "Dripping faucet",
             body: "Hello, the kitchen faucet has been dripping for a week. Could someone take a look when you have time?"),
        Note(who: 4, daysAgo: 3, minute: 200, subject: "Gutters and roof",
             body: "Could you clear the gutters on the roof and check a loose shingle while you're here?"),
        Note(who: 5, daysAgo: 2, minute: 60, subject: "Question about prices",
             body: "What do you charge for replacing a toilet? No rush, just planning ahead."),
        Note(who: 9, daysAgo: 2, minute: 180, subject: "Slow kitchen sink",
             body: "Hi, our kitchen sink has been draining slowly since the weekend. Is there anything I can try myself before you come out?"),
        Note(who: 2, daysAgo: 1, minute: 45, subject: "Water heater noise before Friday",
             body: "Our water heater bangs every morning. My parents visit on Friday, could you come before then?"),
        Note(who: 8, daysAgo: 1, minute: 150, subject: "Bathroom faucet",
             body: "The bathroom faucet is stiff and hard to turn. Could you replace the cartridge sometime?"),
        Note(who: 7, daysAgo: 1, minute: 300, subject: "New radiator in the study",
             body: "We'd like a quote for adding a radiator in the study. Weekends are hard for us."),
        Note(who: 6, daysAgo: 0, minute: 50, subject: "No heat in the rental",
             body: "The tenant says there is no heat in the rental unit since last night. Can you help?"),
        Note(who: 0, daysAgo: 0, minute: 25, subject: "Burst pipe in the basement",
             body: "A burst pipe is flooding the basement! Water everywhere, please come as soon as you can."),
    ]

    /// Loads the sample business into `database` (once: an existing demo workspace is kept as it
    /// is) and gives its owner, `ownerEmail`, the password whose hash is `passwordHash`.
    /// `key`: the server's key, to seal the demo mailbox's (made-up) password; nil for no mailbox.
    public static func load(database: Database, policyYAML: String, passwordHash: String, settings: IntakeSettings,
                            now: Instant, key: ServerKey? = nil) async throws -> Loaded {
        let accounts = Accounts(database: database)
        if let existing = try await Workspaces(database: database).find(slug: slug) {
            if let owner = try await accounts.credentials(email: ownerEmail)?.user {
                try await accounts.setPasswordHash(userID: owner.id, passwordHash: passwordHash)
            }
            return Loaded(workspace: existing, created: false)
        }
        // The demo also lets customers book: the example policy's own booking section when it has one, else this.
        let demoPolicy = policyYAML.contains("\nbooking:") ? policyYAML : policyYAML + bookingSection
        let workspace = try await Workspaces(database: database).create(slug: slug, policyYAML: demoPolicy, actor: "demo", now: now)
        var found = try await accounts.credentials(email: ownerEmail)?.user
        if found == nil {
            found = try await accounts.createUser(email: ownerEmail, name: "Alex Rivera", passwordHash: passwordHash, now: now)
        }
        guard let owner = found else { throw StoreError(.notFound, "the demo owner could not be made") }
        try await accounts.setPasswordHash(userID: owner.id, passwordHash: passwordHash)
        try await accounts.setRole(.owner, userID: owner.id, workspaceID: workspace.id, actor: "demo", now: now)

        let policy = try workspace.policy()
        let calendar = BusinessCalendar(policy: policy)
        let customers = Customers(database: database, workspaceID: workspace.id)
        var customerIDs: [Customer.ID] = []
        for person in people {
            customerIDs.append(try await customers.create(CustomerDraft(name: person.name, planID: person.plan, emails: [person.email]),
                                                          actor: "demo", now: now).id)
        }
        // The help articles were written before the week began, so acknowledgements can offer them.
        try await DemoHelpArticles.load(database: database, workspaceID: workspace.id, now: now - TimeSpan.hours(24 * 10))
        let intake = try Intake(database: database, workspace: workspace, settings: settings)
        var sent: [String: Instant] = [:]
        for (index, note) in notes.enumerated() {
            let at = time(daysAgo: note.daysAgo, minute: note.minute, calendar: calendar, policy: policy, now: now)
            let person = people[note.who]
            _ = try await intake.ingestEmails([email(from: person, subject: note.subject, body: note.body, at: at,
                                                     id: "demo-\(index)@example.net")], now: at)
            sent[note.subject] = at
        }

        // The owner's replies: three left in their windows (the past is recorded below); Olga's,
        // written only just now and after her promised time, is held because she wrote again before it left.
        let replies = try Replies(database: database, workspace: workspace)
        let conversations = try await Conversations(database: database, workspaceID: workspace.id).list(limit: 200).items
        func conversation(_ subject: String) -> Conversation.ID? { conversations.first { $0.subject == subject }?.id }
        let answers: [(subject: String, text: String, after: TimeSpan)] = [
            ("Gutters and roof", "Hi Tom,\n\nThank you for thinking of me. Roofs and gutters aren't something I do, but Lakeside Roofing does them well: hello@lakeside.example.\n\nAlex", .minutes(50)),
            ("Yearly water heater service", "Hi Ken,\n\nHappy to. I can do Thursday at 9:00; it takes about an hour and costs $120.\nNext step: reply yes and I'll put it in the calendar.\n\nAlex", .minutes(40)),
            ("Dripping faucet", "Hi Dana,\n\nThat sounds like a worn washer: a short repair visit, $120 for the first hour. I could come Tuesday at 13:30. Does that suit you?\n\nAlex", .hours(26)),
            ("Water heater noise before Friday", "Hi Priya,\n\nThe banging is usually sediment. I'll come Thursday at 8:00, well before Friday, and flush the tank.\n\nAlex", .minutes(90)),
            ("Question about prices", "Hi Olga,\n\nReplacing a toilet is $120 an hour plus the toilet; most take two hours.\n\nAlex", .hours(24 * 30)),
        ]
        for answer in answers {
            guard let id = conversation(answer.subject), let asked = sent[answer.subject] else { continue }
            let written = min(asked + answer.after, now - TimeSpan.minutes(30))
            _ = try await replies.write(conversationID: id, text: answer.text, sendNow: false, now: written)
        }
        // The replies whose window came more than an hour ago left then: they kept (or, late, broke)
        // their promises. Those written in the last hour still wait (Olga's is held below).
        _ = try await Outbox(database: database, workspaceID: workspace.id)
            .recordRepliesSent(before: now - TimeSpan.hours(1))
        // Maria's burst pipe: the owner tapped "I've got it" on the alert four minutes later, so her
        // status page says help is on the way; the tenant's no heat still waits for a tap.
        if let id = conversation("Burst pipe in the basement"), let asked = sent["Burst pipe in the basement"] {
            try await Alerts(database: database, workspaceID: workspace.id)
                .acknowledge(conversationID: id, by: "alert link", now: asked + .minutes(4))
        }
        try await lenasJob(database: database, workspace: workspace, intake: intake, settings: settings, owner: owner.id,
                           conversationID: conversation("Bathroom faucet"), now: now)
        try await recordTime(database: database, workspace: workspace, owner: owner.id, customerIDs: customerIDs, now: now)
        try await DemoHelpArticles.readers(database: database, slug: workspace.slug,
                                           slowSink: conversations.first { $0.subject == "Slow kitchen sink" },
                                           asked: sent["Slow kitchen sink"], now: now)
        // Olga writes again before her answer left: the reply is held for the owner to look at.
        let olga = people[5]
        let again = now - TimeSpan.minutes(10)
        _ = try await intake.ingestEmails([email(from: olga, subject: "Re: Question about prices",
                                                 body: "Also, could you take the old toilet away? Thanks!", at: again,
                                                 id: "demo-again@example.net", inReplyTo: "demo-3@example.net")], now: again)
        // A stranger's "invoice" that borrows the Message-ID of Ken's message of last week (a careless mail
        // program, or an imitation): kept as a message of its own, and flagged on its page.
        let invoice = now - TimeSpan.minutes(40)
        _ = try await intake.ingestEmails([email(from: Person(name: "Accounts Department", email: "billing@pay-portal.example",
                                                              plan: "standard"),
                                                 subject: "Overdue invoice", body: "Please settle the attached invoice today to avoid a late fee.",
                                                 at: invoice, id: "demo-0@example.net")], now: invoice)
        if let key { try await DemoMailbox.load(database: database, workspace: workspace, key: key, now: now) }
        // Sam booked a site visit himself, the first free one, with what he would like looked at.
        let bookings = CustomerBookings(database: database, workspace: workspace, publicBaseURL: settings.publicBaseURL,
                                        wakeOutbox: {})
        if customerIDs.count > 6, let sam = try await customers.get(customerIDs[6]),
           let slot = try await bookings.offer(kindID: "visit", booker: Booker(plan: policy.plan(id: sam.planID)), now: now).slots.first {
            _ = try await bookings.book(kindID: "visit", start: slot.start,
                                        details: .init(name: sam.name, email: people[6].email, address: "48 Elm Street, Evanston",
                                                       agenda: "The radiator in the back bedroom stays cold."),
                                        customer: sam, now: now)
        }
        return Loaded(workspace: workspace, created: true)
    }

    /// What the demo's customers may book: a short call, and a site visit with travel either side.
    static let bookingSection = """

        booking:
          reserve: 1h
          cancellation_notice: 24h
          reminders: [24h]
          in_acknowledgement: true
          kinds:
            - id: call
              name: 20-minute call
              length: 20m
              notice: 2h
              agenda_question: What would you like to talk about?
            - id: visit
              name: Site visit
              length: 1h
              buffer_before: 15m
              buffer_after: 15m
              where: customer_address
              area: [Chicago, Evanston, Oak Park, Skokie]
              agenda_question: What should we look at?

        """

    /// The owner's time today, recorded: Ken's yearly service, two long calls with Olga (on the
    /// free plan: worth a healthy-distance conversation in Reports), and Maria's burst pipe talked
    /// through by phone (urgent: it comes out of the emergency buffer on Today).
    static func recordTime(database: Database, workspace: Workspace, owner: String, customerIDs: [Customer.ID], now: Instant) async throws {
        let entries = TimeEntries(database: database, workspaceID: workspace.id)
        let today: [(who: Int, startedMinutesAgo: Int64, minutes: Int64, urgent: Bool, note: String)] = [
            (1, 300, 60, false, "yearly water heater service"),
            (5, 220, 50, false, "call: prices, and replacing a toilet"),
            (5, 150, 45, false, "call again: which toilet to choose"),
            (0, 24, 15, true, "burst pipe: talked through closing the main valve"),
        ]
        for entry in today where entry.who < customerIDs.count {
            let start = now - TimeSpan.minutes(entry.startedMinutesAgo)
            _ = try await entries.add(TimeEntryDraft(customerID: customerIDs[entry.who], startedAt: start.secondsSince1970,
                                                     endedAt: (start + TimeSpan.minutes(entry.minutes)).secondsSince1970,
                                                     urgent: entry.urgent, note: entry.note),
                                      userID: owner, now: now)
        }
    }

    /// Lena agreed on the phone to a new cartridge for her bathroom faucet; then she asked for the
    /// radiators upstairs too, which the job does not cover: a quoted change order waits for her answer.
    static func lenasJob(database: Database, workspace: Workspace, intake: Intake, settings: IntakeSettings, owner: String,
                        conversationID: Conversation.ID?, now: Instant) async throws {
        guard let conversationID,
              let customerID = try await Conversations(database: database, workspaceID: workspace.id).find(conversationID)?.customerID
        else { return }
        let jobs = Jobs(database: database, workspaceID: workspace.id)
        let agreedAt = now - TimeSpan.hours(30)
        let job = try await jobs.create(
            JobDraft(customerID: customerID, conversationID: conversationID, title: "Bathroom faucet cartridge",
                     price: .fixed(cents: 15_000), timeFrame: Job.TimeFrame(days: 1),
                     nextStep: "I order the cartridge and call to book the visit", nextStepOwner: .us,
                     items: [Job.Item(kind: .included, text: "replace the bathroom faucet cartridge"),
                             Job.Item(kind: .included, text: "check the shut-off valves"),
                             Job.Item(kind: .excluded, text: "a new faucet")]),
            actor: owner, now: agreedAt)
        _ = try await jobs.setStatus(job.id, to: .agreed, actor: owner, now: agreedAt)
        let asked = now - TimeSpan.hours(3)
        _ = try await intake.ingestEmails([email(from: people[8], subject: "Radiators upstairs",
                                                 body: "While you're here for the faucet, could you also bleed the radiators upstairs? They gurgle.",
                                                 at: asked, id: "demo-lena-2@example.net")], now: asked)
        // Her new message joins her open conversation, as a customer's small messages do.
        let mail = try JobMail(database: database, workspace: workspace, publicBaseURL: settings.publicBaseURL)
        let written = now - TimeSpan.hours(2)
        let draft = try await mail.draftChangeOrder(conversationID: conversationID, actor: owner, now: written)
        let message = try await mail.changeMessage(draft, item: "bleed the radiators upstairs", priceCents: 9_000, extraDays: 0,
                                                   now: written)
        _ = try await ChangeOrders(database: database, workspaceID: workspace.id).update(
            draft.id, terms: ChangeOrderTerms(item: "bleed the radiators upstairs", priceCents: 9_000, serviceID: draft.serviceID,
                                              message: message), now: written)
        _ = try await mail.sendChangeOrder(draft.id, sendNow: false, actor: owner, now: written)
    }

    /// `minute` minutes after opening, `daysAgo` working days back (closed days are skipped), and
    /// never later than a few minutes ago.
    static func time(daysAgo: Int, minute: Int, calendar: BusinessCalendar, policy: Policy, now: Instant) -> Instant {
        if daysAgo == 0 { return now - TimeSpan.minutes(Int64(minute)) }
        var date = calendar.localTime(of: now).date.adding(days: -1)
        var remaining = daysAgo - 1
        var opening: Instant?
        for _ in 0..<30 {
            let open = DayPlan.make(policy: policy, calendar: calendar, date: date).open
            if let first = open.first {
                if remaining == 0 { opening = first.start; break }
                remaining -= 1
            }
            date = date.adding(days: -1)
        }
        let at = (opening ?? now - TimeSpan.hours(Int64(24 * daysAgo))) + TimeSpan.minutes(Int64(minute))
        return min(at, now - TimeSpan.minutes(Int64(5 + daysAgo)))
    }

    /// The customer's email as their mail client would send it.
    static func email(from person: Person, subject: String, body: String, at: Instant, id: String,
                      inReplyTo: String? = nil) -> Data {
        OutgoingMail(from: .init(name: person.name, address: person.email),
                     to: [.init(name: "Rivera Plumbing & Heating", address: "office@rivera.example")], subject: subject,
                     text: body, messageID: id, inReplyTo: inReplyTo, references: inReplyTo.map { [$0] } ?? [],
                     isAutomatic: false, date: at.secondsSince1970).rendered()
    }
}
