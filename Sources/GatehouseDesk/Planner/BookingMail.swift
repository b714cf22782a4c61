import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// The emails about a customer's booking, through the outbox like every other: the confirmation
/// with its calendar invitation, the new invitation when it moves, the cancellation that takes it
/// off their calendar, the reminders the policy asks for, and a notice to the owner of what a
/// customer did. All of one booking go in one conversation, so a reply to any of them reaches
/// the owner in one thread.
struct BookingMail: Sendable {
    let database: Database
    let workspace: Workspace
    let publicBaseURL: String

    /// The customer's page for one booking.
    static func manageLink(base: String, slug: String, token: String) -> String { base + "/w/\(slug)/booking/\(token)" }


    /// Sends the emails about `event`: the customer's (with the invitation), the owner's notice
    /// when the customer did it, and — for a booking that stands — its reminders queued again.
    /// `manageToken` is the customer's current link (nil only for a cancellation).
    func send(_ event: BookingEvent, appointment: Appointment, customer: Customer, kind: BookableKind?,
              manageToken: String?, now: Instant) async throws {
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        guard let email = appointment.contactEmail ?? customer.emails.first else { return }
        let conversationID = try await conversation(for: appointment, customer: customer, calendar: calendar, now: now)
        let mail = DeskMail(policy: policy, workspace: workspace)
        let facts = facts(appointment, customer: customer, email: email, kind: kind, uid: "booking-\(appointment.id)@\(mail.domain)",
                          link: manageToken.map { Self.manageLink(base: publicBaseURL, slug: workspace.slug, token: $0) } ?? "")
        let outbox = Outbox(database: database, workspaceID: workspace.id)
        let letter = BookingLetter.customer(event, facts, policy: policy, calendar: calendar)
        _ = try await outbox.queue(draft(letter, to: customer.name, address: email, conversationID: conversationID, mail: mail,
                                         calendar: calendar, sendAt: now, note: "booking: goes out at once", now: now),
                                   purpose: .booking, key: "booking:\(appointment.id):\(appointment.sequence):\(Self.name(event))",
                                   now: now)
        try await outbox.callOff(keyPrefix: "booking-reminder:\(appointment.id):", why: "the booking was moved or cancelled",
                                 now: now)
        if appointment.status == .booked {
            for before in policy.booking.reminders {
                let at = Instant(secondsSince1970: appointment.startsAt) - before
                // A reminder only helps ahead of time, and never just after the confirmation.
                guard at > now + .hours(1) else { continue }
                let reminder = BookingLetter.customer(.reminder, facts, policy: policy, calendar: calendar)
                _ = try await outbox.queue(
                    draft(reminder, to: customer.name, address: email, conversationID: conversationID, mail: mail,
                          calendar: calendar, sendAt: at, note: "booking reminder, \(before.spokenDescription) before", now: now),
                    purpose: .booking, key: "booking-reminder:\(appointment.id):\(appointment.sequence):\(before.seconds)", now: now)
            }
        }
        if let notice = BookingLetter.owner(event, facts, policy: policy, calendar: calendar,
                                            deskLink: publicBaseURL + "/appointments?date=" + calendar.localTime(of: facts.start).date.description),
           let to = AlertMail.recipient(try await Alerts(database: database, workspaceID: workspace.id).settings(), policy: policy) {
            let outgoing = OutgoingMail(from: mail.from, to: [.init(address: to)], subject: notice.subject, text: notice.text,
                                        messageID: mail.newMessageID(), isAutomatic: true, date: now.secondsSince1970)
            let raw = outgoing.rendered()
            _ = try await outbox.queue(
                ReplyDraft(conversationID: conversationID, raw: raw, contentHash: DeskMail.contentHash(raw),
                           headerMessageID: outgoing.messageID, recipient: to, sender: mail.from.address, subject: notice.subject,
                           text: notice.text, sendAt: now, note: "to you: a customer's booking"),
                purpose: .ownerAlert, key: "booking-notice:\(appointment.id):\(appointment.sequence)", now: now)
        }
    }

    static func name(_ event: BookingEvent) -> String {
        switch event {
        case .booked: "booked"
        case .moved: "moved"
        case .cancelled: "cancelled"
        case .reminder: "reminder"
        }
    }

    /// The booking as its emails speak of it.
    func facts(_ appointment: Appointment, customer: Customer, email: String, kind: BookableKind?, uid: String,
               link: String) -> BookingFacts {
        BookingFacts(kindName: kind?.name ?? appointment.kind.label, length: appointment.length,
                     start: Instant(secondsSince1970: appointment.startsAt), end: Instant(secondsSince1970: appointment.endsAt),
                     place: appointment.place, agenda: appointment.agenda, customerName: customer.name, customerEmail: email,
                     manageLink: link, uid: uid, sequence: appointment.sequence)
    }

    /// The booking's conversation: the one it has, or a new one named after it.
    func conversation(for appointment: Appointment, customer: Customer, calendar: BusinessCalendar,
                      now: Instant) async throws -> Conversation.ID {
        if let id = appointment.conversationID { return id }
        let day = calendar.locale.day(calendar.localTime(of: Instant(secondsSince1970: appointment.startsAt)).date)
        let subject = "\(appointment.title.components(separatedBy: " with ").first ?? appointment.title), \(day)"
        let conversation = try await Conversations(database: database, workspaceID: workspace.id)
            .create(customerID: customer.id, subject: subject, channel: .email,
                    reason: "Gatehouse started this conversation for the booking: its emails go out by themselves, "
                        + "and nothing here waits for your answer until the customer writes.", now: now)
        try await Bookings(database: database, workspaceID: workspace.id).setConversation(appointment.id, conversation.id)
        return conversation.id
    }

    /// `letter` as an email in the booking's conversation, its invitation attached.
    func draft(_ letter: BookingLetter, to name: String, address: String, conversationID: Conversation.ID, mail: DeskMail,
               calendar: BusinessCalendar, sendAt: Instant, note: String, now: Instant) -> ReplyDraft {
        let attachments = letter.invitation.map { invitation in
            [OutgoingMail.Attachment(filename: invitation.method == .cancel ? "cancelled.ics" : "invite.ics",
                                     contentType: "text/calendar; method=\(invitation.method.rawValue)",
                                     data: Data(invitation.document(timeZone: calendar.timeZone, now: now).utf8))]
        } ?? []
        let outgoing = OutgoingMail(from: mail.from, to: [.init(name: name, address: address)], subject: letter.subject,
                                    text: letter.text, messageID: mail.newMessageID(), isAutomatic: false,
                                    date: sendAt.secondsSince1970, attachments: attachments)
        let raw = outgoing.rendered()
        return ReplyDraft(conversationID: conversationID, raw: raw, contentHash: DeskMail.contentHash(raw),
                          headerMessageID: outgoing.messageID, recipient: address, sender: mail.from.address,
                          subject: letter.subject, text: letter.text, sendAt: sendAt, note: note)
    }
}
