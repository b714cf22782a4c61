import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// What a customer may ask of the business under data-protection law (GDPR articles 15 and 17):
/// a copy of everything kept about them, and its erasure. Both are recorded in the audit log.
public struct CustomerData: Sendable {
    let database: Database
    let workspace: Workspace

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    var records: CustomerRecords { CustomerRecords(database: database, workspaceID: workspace.id) }

    /// An export: a zip of their details, conversations, messages (as mbox), time, jobs and appointments.
    public struct Export: Sendable {
        public var fileName: String
        public var zip: Data
        /// The files inside, by name, with their sizes (for the command line).
        public var files: [(name: String, bytes: Int)]
    }

    /// Everything about the customer as a zip; nil when they are not this workspace's.
    public func export(_ id: Customer.ID, actor: String, now: Instant) async throws -> Export? {
        guard var everything = try await records.everything(id) else { return nil }
        // What was sent to them, not the desk's notes to the owner about them (an alert carries a
        // link that acts for the owner): their own messages and the mail addressed to them.
        let theirs = Set((everything.customer.emails + everything.customer.phones).map { $0.lowercased() })
        everything.messages = everything.messages.filter { $0.direction == .inbound || theirs.contains(($0.sender ?? "").lowercased()) }
        let business = (try? workspace.policy().business.name) ?? workspace.name
        var files: [(String, Data)] = [
            ("README.txt", Data(Self.readme(everything, business: business,
                                            when: (try? workspace.businessCalendar().spoken(now)) ?? ISO8601.format(now, utcOffsetSeconds: 0)).utf8)),
            ("customer.json", Data(Self.customerJSON(everything.customer).utf8)),
            ("conversations.json", Data(Self.conversationsJSON(everything.conversations).utf8)),
            ("messages.mbox", Mbox.write(everything.messages.map {
                (raw: $0.raw, sender: $0.direction == .inbound ? $0.sender : nil,
                 date: Date(timeIntervalSince1970: TimeInterval($0.receivedAt)))
            })),
            ("time.json", Data(Self.timeJSON(everything.timeEntries).utf8)),
            ("jobs.json", Data(Self.jobsJSON(everything.jobs, orders: everything.changeOrders).utf8)),
            ("appointments.json", Data(Self.appointmentsJSON(everything.appointments).utf8)),
        ]
        files.sort { $0.0 == "README.txt" || ($1.0 != "README.txt" && $0.0 < $1.0) }
        var zip = ZipArchive(modified: now)
        for (name, content) in files { try zip.add(name, content) }
        try await records.recordExport(id, actor: actor, now: now)
        let day = CivilDate(dayNumber: now.secondsSince1970 / 86_400)
        return Export(fileName: "customer-\(id.rawValue.prefix(8))-\(day).zip", zip: zip.data(),
                      files: files.map { ($0.0, $0.1.count) })
    }

    /// Erases the customer and everything kept about them (see `CustomerRecords.erase`); nil when
    /// they are not this workspace's.
    public func erase(_ id: Customer.ID, actor: String, now: Instant) async throws -> CustomerErasure? {
        try await records.erase(id, actor: actor, now: now)
    }

    static func readme(_ everything: CustomerEverything, business: String, when: String) -> String {
        """
        Everything \(business) keeps about \(everything.customer.name), exported \(when).

        customer.json       your details: name, email addresses, phone numbers, plan and notes
        conversations.json  each conversation: subject, channel, state, when it started and when you were promised an answer
        messages.mbox       every message you sent us and we sent you, exactly as sent and received \
        (\(CustomerErasure.count(everything.messages.count, "message", "messages")); open it with any mail program)
        time.json           the time recorded for you (\(CustomerErasure.count(everything.timeEntries.count, "entry", "entries")))
        jobs.json           jobs, their terms and change orders (\(CustomerErasure.count(everything.jobs.count, "job", "jobs")))
        appointments.json   appointments with you (\(CustomerErasure.count(everything.appointments.count, "appointment", "appointments")))

        """
    }

    static func customerJSON(_ customer: Customer) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("id"); json.string(customer.id)
        json.key("name"); json.string(customer.name)
        json.key("kind"); json.string(customer.kind.rawValue)
        json.key("plan"); json.string(customer.planID)
        json.key("emails"); json.strings(customer.emails)
        json.key("phones"); json.strings(customer.phones)
        json.key("notes"); json.string(customer.notes)
        json.key("distance_note"); json.string(customer.distanceNote.isEmpty ? nil : customer.distanceNote)
        json.key("created_at"); json.instant(customer.createdAt)
        json.key("updated_at"); json.instant(customer.updatedAt)
        json.endObject()
        return json.text + "\n"
    }

    static func conversationsJSON(_ conversations: [Conversation]) -> String {
        var json = JSONWriter()
        json.beginArray()
        for c in conversations {
            json.beginObject()
            json.key("id"); json.string(c.id)
            json.key("subject"); json.string(c.subject)
            json.key("channel"); json.string(c.channel.rawValue)
            json.key("status"); json.string(c.status.rawValue)
            json.key("created_at"); json.instant(c.createdAt)
            json.key("last_message_at"); json.instant(c.lastMessageAt)
            json.key("promised_at"); json.instant(c.promisedAt)
            json.key("urgent"); json.bool(c.urgent)
            json.key("reasons"); json.strings(c.reasons)
            json.key("merged_into"); json.string(c.mergedInto)
            json.endObject()
        }
        json.endArray()
        return json.text + "\n"
    }

    static func timeJSON(_ entries: [TimeEntry]) -> String {
        var json = JSONWriter()
        json.beginArray()
        for e in entries {
            json.beginObject()
            json.key("started_at"); json.instant(e.startedAt)
            json.key("ended_at"); json.instant(e.endedAt)
            json.key("minutes"); json.integer(e.length.seconds / 60)
            json.key("billable"); json.bool(e.billable)
            json.key("urgent"); json.bool(e.urgent)
            json.key("note"); json.string(e.note)
            json.key("conversation_id"); json.string(e.conversationID)
            json.key("job_id"); json.string(e.jobID)
            json.endObject()
        }
        json.endArray()
        return json.text + "\n"
    }

    static func jobsJSON(_ jobs: [Job], orders: [ChangeOrder]) -> String {
        var json = JSONWriter()
        json.beginArray()
        for job in jobs {
            json.beginObject()
            json.key("id"); json.string(job.id)
            json.key("title"); json.string(job.title)
            json.key("status"); json.string(job.status.rawValue)
            switch job.price {
            case .fixed(let cents):
                json.key("price_cents"); json.integer(cents)
            case .hourly(let rate, let estimate):
                json.key("hourly_rate_cents"); json.integer(rate)
                if let estimate { json.key("estimate_minutes"); json.integer(estimate.seconds / 60) }
            }
            json.key("included"); json.strings(job.items.filter { $0.kind == .included }.map(\.text))
            json.key("excluded"); json.strings(job.items.filter { $0.kind == .excluded }.map(\.text))
            json.key("agreed_at"); json.instant(job.agreedAt)
            json.key("created_at"); json.instant(job.createdAt)
            json.key("change_orders")
            json.beginArray()
            for order in orders where order.jobID == job.id {
                json.beginObject()
                json.key("item"); json.string(order.item)
                json.key("price_cents"); order.priceCents.map { json.integer($0) } ?? json.string(nil)
                json.key("extra_days"); json.integer(Int64(order.extraDays))
                json.key("message"); json.string(order.message)
                json.key("status"); json.string(order.status.rawValue)
                json.key("sent_at"); json.instant(order.sentAt)
                json.key("decided_at"); json.instant(order.decidedAt)
                json.key("created_at"); json.instant(order.createdAt)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        return json.text + "\n"
    }

    static func appointmentsJSON(_ appointments: [Appointment]) -> String {
        var json = JSONWriter()
        json.beginArray()
        for a in appointments {
            json.beginObject()
            json.key("title"); json.string(a.title)
            json.key("kind"); json.string(a.kind.rawValue)
            json.key("starts_at"); json.instant(a.startsAt)
            json.key("ends_at"); json.instant(a.endsAt)
            json.key("place"); json.string(a.place)
            json.key("agenda"); json.string(a.agenda)
            json.key("status"); json.string(a.status.rawValue)
            json.endObject()
        }
        json.endArray()
        return json.text + "\n"
    }
}
