import Foundation
import GatehouseCore
import GatehouseStore

/// The messages about jobs that go to customers through the outbox, like any reply of the
/// owner's (held for the next response window unless sent now): the job summary with its
/// agreement page, the change order with its page, a referral to a partner, and a clear no.
public struct JobMail: Sendable {
    let database: Database
    let workspace: Workspace
    let policy: Policy
    let calendar: BusinessCalendar
    let publicBaseURL: String

    public init(database: Database, workspace: Workspace, publicBaseURL: String) throws {
        self.database = database
        self.workspace = workspace
        self.publicBaseURL = publicBaseURL
        policy = try workspace.policy()
        calendar = try workspace.businessCalendar()
    }

    /// The address of a job's agreement page.
    public func agreementLink(_ token: String) -> String { publicBaseURL + "/agree/" + token }

    /// The address of a change order's page.
    public func changeLink(_ token: String) -> String { publicBaseURL + "/change/" + token }

    /// The summary as it would be sent now (the link reads as a description until it exists).
    public func summaryText(_ job: Job, now: Instant) async throws -> String {
        let extra = try await ChangeOrders(database: database, workspaceID: workspace.id).acceptedCents(jobID: job.id)
        let link = job.agreementToken.map(agreementLink) ?? "[the link to your agreement page, made when this is sent]"
        return JobSummary.text(job: job, acceptedExtraCents: extra, policy: policy,
                               facts: try await facts(customerID: job.customerID, subject: job.title), link: link, now: now)
    }

    /// Sends the job summary to the customer, in the job's conversation (a new one when the job
    /// has none), and opens the agreement page.
    public func sendSummary(jobID: Job.ID, sendNow: Bool, actor: String, now: Instant) async throws -> (Job, OutboxEmail) {
        let jobs = Jobs(database: database, workspaceID: workspace.id)
        guard let job = try await jobs.get(jobID) else { throw JobProblem(field: "job", "there is no job \(jobID)") }
        guard !job.status.isClosed else {
            throw JobProblem(field: "status", "the job is \(job.status.label); its summary is not sent again")
        }
        let conversationID = try await conversation(for: job, now: now)
        guard let ready = try await jobs.openAgreement(jobID) else { throw JobProblem(field: "job", "there is no job \(jobID)") }
        let text = try await summaryText(ready, now: now)
        let email = try await replies().write(conversationID: conversationID, text: text, sendNow: sendNow, now: now)
        let sent = try await jobs.summarySent(jobID, actor: actor, now: now) ?? ready
        return (sent, email)
    }

    /// The change order the triage's reading of the conversation's latest request suggests, on
    /// the customer's agreed job: one click from the conversation page.
    public func draftChangeOrder(conversationID: Conversation.ID, actor: String, now: Instant) async throws -> ChangeOrder {
        let conversations = Conversations(database: database, workspaceID: workspace.id)
        guard let conversation = try await conversations.find(conversationID) else {
            throw JobProblem(field: "conversation", "there is no conversation \(conversationID)")
        }
        let jobs = Jobs(database: database, workspaceID: workspace.id)
        guard let job = try await jobs.list(customerID: conversation.customerID)
            .first(where: { $0.status == .agreed || $0.status == .inProgress }) else {
            throw JobProblem(field: "job", "this customer has no agreed job to change; answer with the playbook instead, "
                             + "or write a job for the request")
        }
        // The newest of the customer's messages that asks for a paid extra on this job.
        let inbound = try await conversations.thread(conversationID).filter { $0.direction == .inbound }
            .sorted { ($0.sentAt ?? $0.receivedAt, $0.receivedAt) > ($1.sentAt ?? $1.receivedAt, $1.receivedAt) }
        let customer = try await Customers(database: database, workspaceID: workspace.id).get(conversation.customerID)
        let triage = Triage(policy: policy)
        var found: ChangeOrderProposal?
        for message in inbound {
            let assessment = triage.assess(
                InboundMessage(channel: conversation.channel, subject: conversation.subject,
                               text: message.newText ?? message.text, sentAt: Instant(secondsSince1970: message.sentAt ?? message.receivedAt)),
                from: CustomerStanding(planID: customer?.planID, job: job.scope), now: now)
            if case .outOfScope(.paidExtra(let service, let term)) = assessment.scope.verdict {
                found = ChangeOrderProposal.make(term: term, serviceID: service?.id, policy: policy)
                break
            }
        }
        var proposal = found ?? ChangeOrderProposal(
            item: conversation.subject, priceCents: nil,
            reasons: ["the request does not name an extra the policy prices, so write the item and the price you quote"])
        proposal.item = String(proposal.item.prefix(300))
        return try await draftChangeOrder(jobID: job.id, conversationID: conversationID, proposal: proposal, actor: actor,
                                          now: now)
    }

    /// A change order on a job from terms the owner chose, its message written from the template.
    public func draftChangeOrder(jobID: Job.ID, conversationID: Conversation.ID?, proposal: ChangeOrderProposal, actor: String,
                                 now: Instant) async throws -> ChangeOrder {
        guard let job = try await Jobs(database: database, workspaceID: workspace.id).get(jobID) else {
            throw StoreError(.notFound, field: "job_id", "no job \(jobID) in this workspace")
        }
        let facts = try await facts(customerID: job.customerID, subject: job.title)
        let policy = policy, link = changeLink
        return try await ChangeOrders(database: database, workspaceID: workspace.id).draft(
            jobID: jobID, conversationID: conversationID, terms: { token in
                ChangeOrderTerms(item: proposal.item, priceCents: proposal.priceCents, estimate: proposal.estimate,
                                 serviceID: proposal.serviceID, extraDays: proposal.extraDays,
                                 message: ChangeOrderProposal.message(item: proposal.item, priceCents: proposal.priceCents,
                                                                      extraDays: proposal.extraDays, link: link(token),
                                                                      policy: policy, facts: facts, now: now))
            }, actor: actor, now: now)
    }

    /// The message for a change order's terms, as the template writes it.
    public func changeMessage(_ order: ChangeOrder, item: String, priceCents: Int64?, extraDays: Int, now: Instant) async throws
        -> String {
        let facts = try await facts(customerID: order.customerID, subject: item)
        return ChangeOrderProposal.message(item: item, priceCents: priceCents, extraDays: extraDays,
                                           link: changeLink(order.token ?? ""), policy: policy, facts: facts, now: now)
    }

    /// Sends a drafted change order in its conversation (the job's, or a new one) and opens its page.
    public func sendChangeOrder(_ id: String, sendNow: Bool, actor: String, now: Instant) async throws -> (ChangeOrder, OutboxEmail) {
        let orders = ChangeOrders(database: database, workspaceID: workspace.id)
        guard let order = try await orders.get(id) else { throw JobProblem(field: "change", "there is no change order \(id)") }
        guard order.status == .draft else { throw JobProblem(field: "status", "the change order was already \(order.status.rawValue)") }
        guard order.priceCents != nil else {
            throw JobProblem(field: "price", "write the price you quote before sending the change order")
        }
        guard let job = try await Jobs(database: database, workspaceID: workspace.id).get(order.jobID) else {
            throw JobProblem(field: "job", "the change order's job is gone")
        }
        let conversationID: Conversation.ID
        if let id = order.conversationID { conversationID = id } else { conversationID = try await conversation(for: job, now: now) }
        // Checked again before anything goes out: a closed job takes no change orders.
        guard !job.status.isClosed else {
            throw JobProblem(field: "job_id", "the job is \(job.status.label); a closed job takes no change orders")
        }
        let email = try await replies().write(conversationID: conversationID, text: order.message, sendNow: sendNow, now: now)
        guard let sent = try await orders.markSent(id, actor: actor, now: now) else {
            throw JobProblem(field: "change", "there is no change order \(id)")
        }
        return (sent, email)
    }

    /// Answers the conversation with a referral to the policy's partner named `partner`, and
    /// counts the request as referred out.
    public func refer(conversationID: Conversation.ID, partner: String, sendNow: Bool, now: Instant) async throws -> OutboxEmail {
        guard let referral = policy.referrals.first(where: { $0.name == partner }) else {
            throw JobProblem(field: "partner", "the policy names no referral partner \u{201C}\(partner)\u{201D}")
        }
        guard let conversation = try await Conversations(database: database, workspaceID: workspace.id).find(conversationID) else {
            throw JobProblem(field: "conversation", "there is no conversation \(conversationID)")
        }
        var values = ReplyPlaybook.values(policy: policy, facts: try await facts(customerID: conversation.customerID,
                                                                                  subject: conversation.subject), now: now)
        values["referral.name"] = referral.name
        values["referral.contact"] = referral.contact ?? "their website"
        let email = try await replies().write(conversationID: conversationID, text: policy.message(.referral, values),
                                              sendNow: sendNow, now: now)
        let topic = referral.topics.first { topic in conversation.reasons.contains { $0.localizedCaseInsensitiveContains(topic) } }
            ?? referral.topics.first ?? conversation.subject
        try await ReferralsMade(database: database, workspaceID: workspace.id)
            .record(customerID: conversation.customerID, conversationID: conversationID, partner: referral.name, topic: topic,
                    now: now)
        return email
    }

    /// Answers the conversation with a clear, kind no, giving `reason`.
    public func decline(conversationID: Conversation.ID, reason: String, sendNow: Bool, now: Instant) async throws -> OutboxEmail {
        var reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw JobProblem(field: "reason", "say why, in a sentence: it makes the no kind") }
        guard reason.count <= 1000 else { throw JobProblem(field: "reason", "at most 1000 characters") }
        if let last = reason.last, !".!?".contains(last) { reason += "." }
        guard let conversation = try await Conversations(database: database, workspaceID: workspace.id).find(conversationID) else {
            throw JobProblem(field: "conversation", "there is no conversation \(conversationID)")
        }
        var values = ReplyPlaybook.values(policy: policy, facts: try await facts(customerID: conversation.customerID,
                                                                                  subject: conversation.subject), now: now)
        values["decline.reason"] = reason
        return try await replies().write(conversationID: conversationID, text: policy.message(.decline, values),
                                         sendNow: sendNow, now: now)
    }

    private func replies() throws -> Replies { try Replies(database: database, workspace: workspace) }

    /// The job's conversation, or a new one about the job, kept on the job.
    private func conversation(for job: Job, now: Instant) async throws -> Conversation.ID {
        if let id = job.conversationID { return id }
        let conversation = try await Conversations(database: database, workspaceID: workspace.id)
            .create(customerID: job.customerID, subject: job.title, channel: .email,
                    reason: "Gatehouse started this conversation for the job: its summary and change orders go from here, "
                        + "and the customer's answers come here.", now: now)
        try await Jobs(database: database, workspaceID: workspace.id).setConversation(job.id, conversation.id)
        return conversation.id
    }

    private func facts(customerID: Customer.ID, subject: String) async throws -> PlaybookFacts {
        let customer = try await Customers(database: database, workspaceID: workspace.id).get(customerID)
        return PlaybookFacts(customerName: customer?.name ?? "there", customerEmail: customer?.emails.first,
                             plan: customer.flatMap { policy.plan(id: $0.planID) } ?? policy.defaultPlan, subject: subject,
                             statusLink: "", promise: nil, reasons: [])
    }
}
